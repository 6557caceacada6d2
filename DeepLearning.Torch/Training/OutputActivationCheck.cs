using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training.LossFunctions;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Compares the last activation of a <see cref="Model"/> with the <c>fromLogits</c> option of a cross-entropy loss at
/// Fit start. A softmax or sigmoid output with <c>fromLogits: true</c> applies the function twice, which trains to a
/// plausible but wrong result: an error. A linear output (logits) with <c>fromLogits: false</c> clamps the logits to
/// probabilities, which stalls training visibly: a warning. Models that are not <see cref="Model"/>s, and outputs whose
/// activation cannot be read (pooling, merges, batch norm), are not checked.
/// </summary>
internal static class OutputActivationCheck
{
    /// <param name="model">The model.</param>
    /// <param name="loss">The loss of output <paramref name="output"/>.</param>
    /// <param name="logger">Receives the warning.</param>
    /// <param name="output">Which output of a several-output model.</param>
    /// <exception cref="ArgumentException">The output is a softmax or sigmoid and the loss takes logits.</exception>
    internal static void Check(nn.Module<Tensor, Tensor> model, Loss loss, ILogger logger, int output = 0)
    {
        var (fromLogits, function) = loss switch
        {
            CategoricalCrossEntropy c => (c.FromLogits, "softmax"),
            BinaryCrossEntropy b => (b.FromLogits, "sigmoid"),
            _ => (false, null),
        };
        if (function is null || model is not Model graph || output >= graph.Description.Outputs.Count) return;
        if (LastActivation(graph, output) is not { } last) return;
        var (layer, kind) = last;
        if (fromLogits && kind is ActivationKind.Softmax or ActivationKind.Sigmoid)
        {
            string again = kind.ToString().ToLowerInvariant() == function ? $"applies {function} again" : $"treats its outputs as logits and applies {function} to them";
            throw new ArgumentException(
                $"Layer '{layer}' ends in {kind.ToString().ToLowerInvariant()} but {loss.Call} {again}: " +
                "pass fromLogits: false or drop the activation.", nameof(model));
        }
        if (!fromLogits && kind == ActivationKind.Linear)
        {
            logger.LogWarning(
                "Layer '{Layer}' has no activation, so its outputs are logits, but {Loss} expects probabilities " +
                "and clamps the outputs to [1e-7, 1]: pass fromLogits: true (the loss then applies the {Function}) or add Activation.{Activation} to the layer.",
                layer, loss.Call, function, function == "softmax" ? "Softmax" : "Sigmoid");
        }
    }

    /// <summary>The id of the layer call that sets the output's activation and that activation, or <c>null</c> when unknown.</summary>
    private static (string Layer, ActivationKind Kind)? LastActivation(Model model, int output)
    {
        var calls = model.Layers.ToDictionary(l => l.Id, StringComparer.Ordinal);
        string id = model.Description.Outputs[output];
        while (calls.TryGetValue(id, out var info))
        {
            switch (info.Layer)
            {
                case Activation a:
                    return (info.Id, a.Kind);
                case WeightedLayer w:
                    return (info.Id, w.Activation?.Kind ?? ActivationKind.Linear);
                case ResidualBlock r:
                    return (info.Id, r.Activation.Kind);
                // Layers that keep the values of their single input: look through them.
                case Dropout or AlphaDropout or Flatten or Reshape when info.Inputs.Count == 1:
                    id = info.Inputs[0];
                    break;
                default:
                    return null;
            }
        }
        return null;
    }
}
