namespace DeepLearning.Torch.Data.Jets;

/// <summary>Settings of <see cref="JetImageBuilder"/>. Validated when the builder is created.</summary>
public sealed record JetImageOptions
{
    /// <summary>Pixels along each side of the image.</summary>
    /// <value>Default 40, as in the top-tagging tutorials. At least 1.</value>
    public int Pixels { get; init; } = 40;

    /// <summary>Half-width of the image in eta and in phi around the jet axis; constituents outside are dropped.</summary>
    /// <value>Default 1.0 (covers jets of radius 0.8 after centring). Positive and finite.</value>
    public double HalfWidth { get; init; } = 1.0;

    /// <summary>Whether to rotate each jet so that its pT-weighted principal axis points along phi (the image's H axis).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Rotate { get; init; } = true;

    /// <summary>
    /// Whether to reflect each jet so that the half-planes eta &gt; 0 and phi &gt; 0 carry at least as much pT as
    /// the opposite halves.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Flip { get; init; } = true;

    /// <summary>The channels, in order.</summary>
    /// <value>Default a single <see cref="JetImageChannel.Pt"/> channel. At least one.</value>
    public IReadOnlyList<JetImageChannel> Channels { get; init; } = [JetImageChannel.Pt];

    /// <summary>Whether each channel of each image is divided by its sum (empty images stay zero).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Normalize { get; init; } = true;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Pixels < 1) throw new ArgumentOutOfRangeException(nameof(Pixels), Pixels, "Need at least one pixel per side.");
        if (!(HalfWidth > 0) || !double.IsFinite(HalfWidth)) throw new ArgumentOutOfRangeException(nameof(HalfWidth), HalfWidth, "The half-width must be positive and finite.");
        if (Channels is null || Channels.Count == 0) throw new ArgumentOutOfRangeException(nameof(Channels), "Need at least one channel.");
        foreach (var c in Channels)
            if (!Enum.IsDefined(c)) throw new ArgumentOutOfRangeException(nameof(Channels), c, "Unknown channel.");
    }
}
