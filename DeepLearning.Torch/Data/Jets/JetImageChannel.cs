namespace DeepLearning.Torch.Data.Jets;

/// <summary>What a jet-image channel accumulates per pixel.</summary>
public enum JetImageChannel
{
    /// <summary>Sum of constituent transverse momenta pT (the usual choice).</summary>
    Pt,

    /// <summary>Sum of constituent energies E.</summary>
    Energy,

    /// <summary>Number of constituents.</summary>
    Count,
}
