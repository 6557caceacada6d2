using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Images with integer class labels in torch layout, as returned by the image readers.
/// The caller owns both tensors: when a <c>torch.NewDisposeScope()</c> is open around the reader call they are
/// registered with it (the usual TorchSharp convention); otherwise dispose this record (or the tensors) when done.
/// </summary>
/// <param name="Images">Images of shape (N, C, H, W): float32 or uint8 as the <see cref="PixelFormat"/> asked.</param>
/// <param name="Labels">Class indices of shape (N), int64, each in [0, <see cref="ClassNames"/>.Count).</param>
/// <param name="ClassNames">Name of each class index.</param>
public sealed record LabeledImages(torch.Tensor Images, torch.Tensor Labels, IReadOnlyList<string> ClassNames) : IDisposable
{
    /// <summary>Number of images N.</summary>
    public long Count => Images.shape[0];

    /// <summary>Disposes <see cref="Images"/> and <see cref="Labels"/>.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
