namespace DeepLearning.Torch.Layers;

/// <summary>
/// The options shared by <see cref="BatchNormalization"/> and <see cref="LayerNormalization"/>: the epsilon added to
/// the variance and whether the scale γ and offset β are learned.
/// </summary>
public abstract record Normalization : Layer
{
    private protected Normalization(double? epsilon, bool center, bool scale)
    {
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
    }

    /// <summary>Added to the variance; <c>null</c> for the preset's (1e-3 with Keras, 1e-5 with Torch).</summary>
    public double? Epsilon { get; init; }
    /// <summary>Whether the offset β is learned.</summary>
    public bool Center { get; init; }
    /// <summary>Whether the scale γ is learned.</summary>
    public bool Scale { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (Epsilon is { } e && !(e > 0 && !double.IsInfinity(e)))
            throw new ModelBuildException($"{where}: epsilon must be positive and finite, got {e}.");
    }

    /// <summary>The epsilon in effect: the option, else the preset's.</summary>
    private protected double EpsilonFor(BuildContext context) => Epsilon ?? (context.Preset == InitPreset.Keras ? 1e-3 : 1e-5);
}
