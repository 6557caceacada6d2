namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// Per-constituent features computed by <see cref="ConstituentFeatures"/>, as ParticleNet and ParT use them
/// (arXiv:1902.08570, arXiv:2202.03772). The jet axis is the direction of the sum of the constituents' four-vectors;
/// logarithms are natural logarithms of values in the input's units (GeV for the reference datasets).
/// </summary>
public enum ConstituentFeature
{
    /// <summary>Δη = η - η_jet (name <c>delta_eta</c>).</summary>
    DeltaEta,

    /// <summary>Δφ = φ - φ_jet wrapped into [-π, π) (name <c>delta_phi</c>).</summary>
    DeltaPhi,

    /// <summary>log pT (name <c>log_pt</c>).</summary>
    LogPt,

    /// <summary>log E (name <c>log_e</c>).</summary>
    LogEnergy,

    /// <summary>log(pT / pT_jet) (name <c>log_pt_rel</c>).</summary>
    LogPtFraction,

    /// <summary>log(E / E_jet) (name <c>log_e_rel</c>).</summary>
    LogEnergyFraction,

    /// <summary>ΔR = sqrt(Δη² + Δφ²) (name <c>delta_r</c>).</summary>
    DeltaR,
}
