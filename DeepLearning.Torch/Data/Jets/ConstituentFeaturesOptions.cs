namespace DeepLearning.Torch.Data.Jets;

/// <summary>Settings of <see cref="ConstituentFeatures"/>. Validated when the transform is created.</summary>
public sealed record ConstituentFeaturesOptions
{
    /// <summary>The features, in the order of the last axis of the result.</summary>
    /// <value>Default all seven of <see cref="ConstituentFeature"/> in declaration order (Δη, Δφ, log pT, log E,
    /// log pT/pT_jet, log E/E_jet, ΔR). At least one, no repeats.</value>
    public IReadOnlyList<ConstituentFeature> Features { get; init; } = Enum.GetValues<ConstituentFeature>();

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (named in the message).</exception>
    public void Validate()
    {
        if (Features is null || Features.Count == 0) throw new ArgumentOutOfRangeException(nameof(Features), "Need at least one feature.");
        foreach (var f in Features)
            if (!Enum.IsDefined(f)) throw new ArgumentOutOfRangeException(nameof(Features), f, "Unknown constituent feature.");
        if (Features.Distinct().Count() != Features.Count)
            throw new ArgumentOutOfRangeException(nameof(Features), string.Join(", ", Features), "Each feature may appear once.");
    }
}
