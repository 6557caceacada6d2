using TorchSharp;

namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// Turns jet constituents (N, M, 4) as (E, px, py, pz), zero padded, into the per-constituent features the
/// reference taggers use (ParticleNet, ParT): Δη and Δφ to the jet axis, log pT, log E, log(pT/pT_jet),
/// log(E/E_jet) and ΔR (see <see cref="ConstituentFeature"/>), in torch layout (N, M, F) with the names in
/// <see cref="FeatureNames"/>, plus the padding mask (N, M). The jet axis and the jet's pT and E come from the sum
/// of the real constituents' four-vectors. Padded rows (pT = 0) are zero in every feature and false in the mask, so
/// they never carry NaN or infinity; a jet with no real constituent is all zeros. Unlike
/// <see cref="JetImageBuilder.Coordinates"/>, nothing is rotated or flipped: Δη and Δφ are plain differences to the
/// jet axis. Vectorised over jets and constituents.
/// </summary>
public sealed class ConstituentFeatures
{
    private static readonly Dictionary<ConstituentFeature, string> Names = new()
    {
        [ConstituentFeature.DeltaEta] = "delta_eta",
        [ConstituentFeature.DeltaPhi] = "delta_phi",
        [ConstituentFeature.LogPt] = "log_pt",
        [ConstituentFeature.LogEnergy] = "log_e",
        [ConstituentFeature.LogPtFraction] = "log_pt_rel",
        [ConstituentFeature.LogEnergyFraction] = "log_e_rel",
        [ConstituentFeature.DeltaR] = "delta_r",
    };

    /// <summary>Creates the transform.</summary>
    /// <param name="options">Settings; default <see cref="ConstituentFeaturesOptions"/> (all seven features).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public ConstituentFeatures(ConstituentFeaturesOptions? options = null)
    {
        Options = options ?? new ConstituentFeaturesOptions();
        Options.Validate();
        FeatureNames = Options.Features.Select(f => Names[f]).ToArray();
    }

    /// <summary>The settings.</summary>
    public ConstituentFeaturesOptions Options { get; }

    /// <summary>Names of the features along the last axis of <see cref="Compute"/>'s result, e.g. <c>delta_eta</c>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Number of features F.</summary>
    public int Count => FeatureNames.Count;

    /// <summary>Computes the features and the padding mask.</summary>
    /// <param name="constituents">(N, M, 4) four-vectors (E, px, py, pz); rows with px = py = 0 are padding.</param>
    /// <returns>float32 features (N, M, F) and the bool mask (N, M) (true for real constituents), on the constituents'
    /// device; both owned by the caller.</returns>
    /// <exception cref="ArgumentException">The input is not (N, M, 4), or a real constituent has E ≤ 0 or a non-finite component.</exception>
    public (torch.Tensor Features, torch.Tensor Mask) Compute(torch.Tensor constituents)
    {
        using var scope = torch.NewDisposeScope();
        var k = ConstituentKinematics.Of(constituents, nameof(constituents));
        var mask = k.Mask;
        var real = mask.to_type(torch.ScalarType.Float64);
        if (!(k.Energy.gt(0) | mask.logical_not()).all().item<bool>())
            throw new ArgumentException("Expected E > 0 for every constituent with pT > 0, got E <= 0: the four-vectors must be (E, px, py, pz) with padding rows all zero.", nameof(constituents));
        if (!torch.isfinite(constituents).all().item<bool>())
            throw new ArgumentException("Expected finite four-vectors, got NaN or infinity.", nameof(constituents));

        var (jpx, jpy, jpz, je) = ((k.Px * real).sum(1, true), (k.Py * real).sum(1, true), (k.Pz * real).sum(1, true), (k.Energy * real).sum(1, true));
        var jpt = (jpx.square() + jpy.square()).sqrt();
        var jetEta = torch.where(jpt.gt(0), (jpz / ConstituentKinematics.NonZero(jpt)).asinh(), torch.zeros_like(jpt));
        var jetPhi = torch.atan2(jpy, jpx);
        var dEta = k.Eta - jetEta;
        var dPhi = ConstituentKinematics.Wrap(k.Phi - jetPhi);
        var pt = ConstituentKinematics.NonZero(k.Pt * real);
        var e = torch.where(mask, k.Energy, torch.ones_like(k.Energy));
        var columns = Options.Features.Select(f => f switch
        {
            ConstituentFeature.DeltaEta => dEta,
            ConstituentFeature.DeltaPhi => dPhi,
            ConstituentFeature.LogPt => pt.log(),
            ConstituentFeature.LogEnergy => e.log(),
            ConstituentFeature.LogPtFraction => (pt / ConstituentKinematics.NonZero(jpt)).log(),
            ConstituentFeature.LogEnergyFraction => (e / ConstituentKinematics.NonZero(je)).log(),
            _ => (dEta.square() + dPhi.square()).sqrt(),
        }).ToArray();
        var stacked = torch.stack(columns, 2);
        var features = torch.where(mask.unsqueeze(2), stacked, torch.zeros_like(stacked)).to_type(torch.ScalarType.Float32);
        return (features.MoveToOuterDisposeScope(), mask.clone().MoveToOuterDisposeScope());
    }
}
