namespace DeepLearning.Torch.Data.Jets;

/// <summary>The kinds of toy jets <see cref="ToyJetGenerator"/> makes, by the hard partons that start the shower.</summary>
public enum ToyJetKind
{
    /// <summary>QCD background for top tagging: one quark or gluon (half each), massive only through the shower.</summary>
    Qcd,

    /// <summary>Gluon: one gluon (colour factor 3: broader, more radiation than a quark).</summary>
    Gluon,

    /// <summary>Light quark: one quark (colour factor 4/3).</summary>
    Quark,

    /// <summary>W boson (80.4 GeV) decaying to two quarks.</summary>
    W,

    /// <summary>Z boson (91.2 GeV) decaying to two quarks.</summary>
    Z,

    /// <summary>Top quark (172.5 GeV) decaying to b W, W to two quarks.</summary>
    Top,
}
