namespace DeepLearning.Torch.Layers;

/// <summary>Sums two or more inputs of the same shape, element by element (the residual connection).</summary>
public sealed record Add : Layer
{
    internal override int MinInputs => 2;

    internal override int MaxInputs => int.MaxValue;

    internal override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => ElementwiseMerge.InferShape(inputs, where, "add");

    internal override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ElementwiseMerge.Module(name, (a, b) => a.add(b));
}
