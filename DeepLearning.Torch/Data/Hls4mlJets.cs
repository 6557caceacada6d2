using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Jets read from the HLS4ML LHC jet dataset layout. The caller owns the tensors (registered with a dispose
/// scope open around the reader call, if any); dispose the record when done.
/// </summary>
/// <param name="Images">Jet images (N, 1, H, W) float32 from <c>jetImage</c> (100 x 100 in the dataset), or <see langword="null"/> when not requested.</param>
/// <param name="Constituents">Particle features (N, P, F) float32 from <c>jetConstituentList</c>, or <see langword="null"/> when not requested.</param>
/// <param name="Features">High-level jet features (N, K) float32: the columns of <c>jets</c> without the one-hot label columns.</param>
/// <param name="Labels">Class index (N) int64 into <see cref="ClassNames"/>, from the one-hot columns <c>j_g, j_q, j_w, j_z, j_t</c>.</param>
/// <param name="FeatureNames">Name of each column of <see cref="Features"/> (from <c>jetFeatureNames</c>).</param>
/// <param name="ParticleFeatureNames">The names stored in <c>particleFeatureNames</c> (the dataset lists 17 names for 16 stored columns; they are returned as stored).</param>
public sealed record Hls4mlJets(
    torch.Tensor? Images,
    torch.Tensor? Constituents,
    torch.Tensor Features,
    torch.Tensor Labels,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<string> ParticleFeatureNames) : IDisposable
{
    /// <summary>The one-hot label columns in class-index order: j_g, j_q, j_w, j_z, j_t.</summary>
    public static IReadOnlyList<string> LabelColumns { get; } = ["j_g", "j_q", "j_w", "j_z", "j_t"];

    /// <summary>The sixth label-like column of <c>jets</c> (a jet of no class), neither a feature nor a class.</summary>
    internal const string UndefinedLabelColumn = "j_undef";

    /// <summary>Class names by index: g, q, W, Z, t.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["g", "q", "W", "Z", "t"];

    /// <summary>Number of jets N.</summary>
    public long Count => Labels.shape[0];

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Images?.Dispose();
        Constituents?.Dispose();
        Features.Dispose();
        Labels.Dispose();
    }
}
