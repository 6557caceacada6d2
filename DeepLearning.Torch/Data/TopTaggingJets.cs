using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Jets read from the Top Quark Tagging Reference Dataset layout. The caller owns both tensors (registered
/// with a dispose scope open around the reader call, if any); dispose the record when done.
/// </summary>
/// <param name="Constituents">Four-vectors (N, M, 4) as (E, px, py, pz), M = 200 in the reference dataset, pT-ordered and zero padded.</param>
/// <param name="Labels">Labels (N) int64 from the column <c>is_signal_new</c>: 1 for top, 0 for QCD.</param>
public sealed record TopTaggingJets(torch.Tensor Constituents, torch.Tensor Labels) : IDisposable
{
    /// <summary>Class names by label: "QCD" (0) and "top" (1).</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["QCD", "top"];

    /// <summary>Number of jets N.</summary>
    public long Count => Labels.shape[0];

    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Constituents.Dispose();
        Labels.Dispose();
    }
}
