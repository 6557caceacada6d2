using TorchSharp;

namespace DeepLearning.Torch.Data.Augmentation;

/// <summary>
/// Pads each image by <see cref="Padding"/> pixels on every side and crops a window of the original size at a
/// random offset per sample (the usual CIFAR-10 augmentation, e.g. padding 4 for 32 x 32). Vectorised with two
/// gathers, no loop over samples.
/// </summary>
public sealed class RandomCrop : BatchAugmentation
{
    /// <summary>Creates the crop.</summary>
    /// <param name="seed">Seed of the random offsets.</param>
    /// <param name="padding">Pixels added on each side (≥ 0); default 4.</param>
    /// <param name="mode">How the border is filled; default <see cref="CropPadding.Zero"/>.</param>
    public RandomCrop(long seed, int padding = 4, CropPadding mode = CropPadding.Zero) : base(seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown padding mode.");
        Padding = padding;
        Mode = mode;
    }

    /// <summary>Pixels added on each side before cropping.</summary>
    public int Padding { get; }

    /// <summary>How the border is filled.</summary>
    public CropPadding Mode { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Reflect padding not smaller than the image.</exception>
    protected override torch.Tensor Augment(torch.Tensor batch)
    {
        long n = batch.shape[0], c = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        int p = Padding;
        var offsets = torch.randint(0, 2 * p + 1, [2, n], generator: Generator).to(batch.device);
        if (p == 0) return batch.clone();
        if (Mode == CropPadding.Reflect && (p >= h || p >= w))
            throw new ArgumentException($"Reflect padding {p} must be smaller than the image ({h} x {w}).", nameof(batch));
        var padded = Mode == CropPadding.Reflect
            ? torch.nn.functional.pad(batch, [p, p, p, p], PaddingModes.Reflect)
            : torch.nn.functional.pad(batch, [p, p, p, p], PaddingModes.Constant, 0);
        var rows = offsets[0].view(n, 1) + torch.arange(h, device: batch.device).view(1, h);
        var cols = offsets[1].view(n, 1) + torch.arange(w, device: batch.device).view(1, w);
        var byRow = padded.gather(2, rows.view(n, 1, h, 1).expand(n, c, h, w + 2 * p));
        return byRow.gather(3, cols.view(n, 1, 1, w).expand(n, c, h, w));
    }
}
