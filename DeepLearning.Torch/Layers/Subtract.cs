namespace DeepLearning.Torch.Layers;

/// <summary>Subtracts the second input from the first, element by element; both have the same shape.</summary>
public sealed record Subtract : Layer
{
    internal override int MinInputs => 2;

    internal override int MaxInputs => 2;

    internal override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => ElementwiseMerge.InferShape(inputs, where, "subtract");

    internal override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ElementwiseMerge.Module(name, (a, b) => a.sub(b));
}
