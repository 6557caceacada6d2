using DeepLearning.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Calls a model on the inputs of a batch: one input through <c>forward</c>, several through
/// <see cref="Model.Forward(Tensor[])"/>. Checks up front that the model takes as many inputs as the data has.
/// </summary>
internal static class ModelInputs
{
    /// <summary>Throws unless <paramref name="model"/> can be called with <paramref name="inputCount"/> input tensors.</summary>
    /// <exception cref="ArgumentException">The counts differ, or a plain module is given several inputs.</exception>
    internal static void Check(nn.Module<Tensor, Tensor> model, int inputCount, string paramName)
    {
        if (model is Model built)
        {
            int expected = built.InputShapes.Count;
            if (expected != inputCount)
                throw new ArgumentException(
                    $"Model '{built.Description.Name}' takes {expected} input(s) but the data has {inputCount}; give one tensor per model input, " +
                    "in the model's order, e.g. new TensorDataset([x1, x2], y).", paramName);
            return;
        }
        if (inputCount != 1)
            throw new ArgumentException(
                $"The model {Describe(model)} is a Module<Tensor, Tensor> taking one input, but the data has {inputCount} inputs; " +
                "build it as a DeepLearning.Torch.Models.Model with one Input per tensor (Model.FromGraph), or join the inputs into one tensor.", paramName);
    }

    /// <summary>The module's type, and its name when the user gave one (native names such as <c>torch::nn::SequentialImpl</c> are left out).</summary>
    private static string Describe(nn.Module module)
    {
        string type = module.GetType().Name;
        string name = module.GetName();
        return string.IsNullOrEmpty(name) || name == type || name.Contains("::", StringComparison.Ordinal) ? type : $"{type} '{name}'";
    }

    /// <summary>Every output of the model for one batch of every input, in output order (checked beforehand with <see cref="Check"/>).</summary>
    internal static Tensor[] ForwardAll(nn.Module<Tensor, Tensor> model, IReadOnlyList<Tensor> inputs)
    {
        if (model is Model built && (inputs.Count > 1 || built.OutputShapes.Count > 1))
            return built.Forward(inputs as Tensor[] ?? inputs.ToArray());
        return [model.forward(inputs[0])];
    }
}
