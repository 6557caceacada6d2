using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// What <see cref="GlobalAveragePooling2D"/> and <see cref="GlobalMaxPooling2D"/> share: (C, H, W) becomes (C,); a
/// derived layer says only how each channel is reduced over height and width.
/// </summary>
public abstract record GlobalPooling2D : Layer
{
    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        ConvGeometry.RequireRank(Single(inputs), 3, where, "(channels, height, width)");
        return new Shape(Single(inputs)[0]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name, Pool);

    /// <summary>Reduces a batch (N, C, H, W) over axes 2 and 3 to (N, C).</summary>
    private protected abstract Tensor Pool(Tensor input);

    private sealed class Module(string name, Func<Tensor, Tensor> pool) : SingleInputModule(name)
    {
        public override Tensor Forward(Tensor input) => pool(input);
    }
}
