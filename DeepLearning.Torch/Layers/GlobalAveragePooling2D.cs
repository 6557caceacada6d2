using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>The mean of each channel over height and width: (C, H, W) becomes (C,).</summary>
public sealed record GlobalAveragePooling2D : GlobalPooling2D
{
    /// <inheritdoc/>
    private protected override Tensor Pool(Tensor input) => input.mean([2, 3]);
}
