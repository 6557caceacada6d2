namespace DeepLearning.Torch.Evaluation;

/// <summary>Settings of <see cref="RocBootstrap"/>.</summary>
public sealed class RocBootstrapOptions
{
    /// <summary>Number of bootstrap replicas.</summary>
    /// <value>Default 200; at least 10.</value>
    public int Replicates { get; init; } = 200;

    /// <summary>Seed of the resampling (same seed, same intervals).</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Coverage of the percentile intervals.</summary>
    /// <value>Default 0.95; in (0, 1).</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Signal efficiencies at which the background rejection is bootstrapped.</summary>
    /// <value>Default 0.3 and 0.5; each in (0, 1].</value>
    public IReadOnlyList<double> SignalEfficiencies { get; init; } = [0.3, 0.5];

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (named in the message).</exception>
    public void Validate()
    {
        if (Replicates < 10)
            throw new ArgumentOutOfRangeException(nameof(Replicates), Replicates, "Expected at least 10 replicas.");

        InputChecks.Fraction(ConfidenceLevel, nameof(ConfidenceLevel), allowOne: false);
        foreach (double e in SignalEfficiencies)
            InputChecks.Fraction(e, nameof(SignalEfficiencies));
    }
}
