using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>Shape rule and module shared by <see cref="Add"/>, <see cref="Subtract"/> and <see cref="Multiply"/>.</summary>
internal static class ElementwiseMerge
{
    public static Shape InferShape(IReadOnlyList<Shape> inputs, string where, string verb)
    {
        Shape first = inputs[0];
        if (inputs.Any(s => !s.Equals(first)))
            throw new ModelBuildException($"{where}: cannot {verb} shapes {string.Join(" and ", inputs)}: all inputs must have the same shape.");
        return first;
    }

    internal sealed class Module(string name, Func<Tensor, Tensor, Tensor> combine) : LayerModule(name)
    {
        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            if (inputs.Count == 2) return combine(inputs[0], inputs[1]);
            using var scope = NewDisposeScope();
            Tensor result = inputs[0];
            for (int i = 1; i < inputs.Count; i++) result = combine(result, inputs[i]);
            return result.MoveToOuterDisposeScope();
        }
    }
}
