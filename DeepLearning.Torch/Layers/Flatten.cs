using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// Flattens each sample to a vector: (C, H, W) becomes (C·H·W,). The order is torch's (channel-major), so a Dense
/// layer after it sees features in a different order than in a channels-last Keras model (same parameter count).
/// </summary>
public sealed record Flatten : Layer
{
    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => new((int)Single(inputs).ElementCount);

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name);

    private sealed class Module(string name) : SingleInputModule(name)
    {
        public override Tensor Forward(Tensor input) => input.flatten(1);
    }
}
