using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>The maximum of each channel over height and width: (C, H, W) becomes (C,).</summary>
public sealed record GlobalMaxPooling2D : GlobalPooling2D
{
    /// <inheritdoc/>
    private protected override Tensor Pool(Tensor input) => input.amax([2, 3]);
}
