namespace DeepLearning.Torch.Layers;

/// <summary>Subtracts the second input from the first, element by element; both have the same shape.</summary>
public sealed record Subtract : Layer
{
    /// <inheritdoc/>
    protected override int MinInputs => 2;

    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => ElementwiseMerge.InferShape(inputs, where, "subtract");

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ElementwiseMerge.Module(name, (a, b) => a.sub(b));
}
