using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>The maximum of each channel over height and width: (C, H, W) becomes (C,).</summary>
public sealed record GlobalMaxPooling2D : Layer
{
    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        ConvGeometry.RequireRank(Single(inputs), 3, where, "(channels, height, width)");
        return new Shape(Single(inputs)[0]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name);

    private sealed class Module(string name) : SingleInputModule(name)
    {
        public override Tensor Forward(Tensor input) => input.amax([2, 3]);
    }
}
