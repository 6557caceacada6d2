using TorchSharp;

namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// Constituent coordinates after centring, rotation and flipping, as used to pixelate jet images. All tensors
/// are (N, M) float64 and owned by the caller; padded constituents (pT = 0) have <see cref="Mask"/> false.
/// </summary>
/// <param name="Eta">Eta relative to the jet axis (the image's W axis).</param>
/// <param name="Phi">Phi relative to the jet axis (the image's H axis).</param>
/// <param name="Pt">Transverse momentum.</param>
/// <param name="Energy">Energy.</param>
/// <param name="Mask">Whether the constituent is real (pT &gt; 0).</param>
public sealed record JetCoordinates(torch.Tensor Eta, torch.Tensor Phi, torch.Tensor Pt, torch.Tensor Energy, torch.Tensor Mask) : IDisposable
{
    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Eta.Dispose();
        Phi.Dispose();
        Pt.Dispose();
        Energy.Dispose();
        Mask.Dispose();
    }
}
