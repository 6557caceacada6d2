namespace DeepLearning.Torch.Layers;

/// <summary>Sums two or more inputs of the same shape, element by element (the residual connection).</summary>
public sealed record Add : Layer
{
    /// <inheritdoc/>
    protected override int MinInputs => 2;

    /// <inheritdoc/>
    protected override int MaxInputs => int.MaxValue;

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => ElementwiseMerge.InferShape(inputs, where, "add");

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ElementwiseMerge.Module(name, (a, b) => a.add(b));
}
