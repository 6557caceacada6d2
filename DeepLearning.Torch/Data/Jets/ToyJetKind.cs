namespace DeepLearning.Torch.Data.Jets;

/// <summary>The kinds of toy jets <see cref="ToyJetGenerator"/> makes, by number of hard prongs.</summary>
public enum ToyJetKind
{
    /// <summary>QCD background for top tagging: one prong, a mix of quark-like and gluon-like widths.</summary>
    Qcd,

    /// <summary>Gluon: one broad prong with many constituents.</summary>
    Gluon,

    /// <summary>Light quark: one narrow prong with few constituents.</summary>
    Quark,

    /// <summary>W boson (80.4 GeV): two prongs.</summary>
    W,

    /// <summary>Z boson (91.2 GeV): two prongs.</summary>
    Z,

    /// <summary>Top quark (172.5 GeV): three prongs (b plus a W pair).</summary>
    Top,
}
