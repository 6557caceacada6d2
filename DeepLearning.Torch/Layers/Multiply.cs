namespace DeepLearning.Torch.Layers;

/// <summary>Multiplies two or more inputs of the same shape, element by element.</summary>
public sealed record Multiply : Layer
{
    internal override int MinInputs => 2;

    internal override int MaxInputs => int.MaxValue;

    internal override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => ElementwiseMerge.InferShape(inputs, where, "multiply");

    internal override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ElementwiseMerge.Module(name, (a, b) => a.mul(b));
}
