namespace DeepLearning.Torch.Plotting;

/// <summary>Settings of <see cref="ScoreReport"/>.</summary>
public sealed class ScoreReportOptions
{
    /// <summary>Signal efficiencies at which background rejections are reported.</summary>
    /// <value>Default 0.3 and 0.5; each in (0, 1].</value>
    public IReadOnlyList<double> SignalEfficiencies { get; init; } = [0.3, 0.5];

    /// <summary>Score cut for binary accuracy, precision, recall, F1 and the confusion matrix.</summary>
    /// <value>Default 0.5.</value>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Bootstrap replicas for the AUC and rejection intervals (0 turns the bootstrap off).</summary>
    /// <value>Default 100.</value>
    public int BootstrapReplicates { get; init; } = 100;

    /// <summary>Seed of the bootstrap.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Coverage of the bootstrap intervals.</summary>
    /// <value>Default 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Figure and report settings.</summary>
    /// <value>Default <see cref="ReportWriterOptions"/> defaults.</value>
    public ReportWriterOptions Report { get; init; } = new();

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (named in the message).</exception>
    public void Validate()
    {
        if (SignalEfficiencies.Count == 0 || SignalEfficiencies.Any(e => !(e > 0 && e <= 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(SignalEfficiencies), "Expected at least one signal efficiency, each in (0, 1].");
        }

        if (!double.IsFinite(Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Expected a finite score cut.");
        }

        if (BootstrapReplicates is < 0 or (> 0 and < 10))
        {
            throw new ArgumentOutOfRangeException(nameof(BootstrapReplicates), BootstrapReplicates, "Expected 0 (off) or at least 10.");
        }

        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "Expected a coverage in (0, 1).");
        }

        Report.Validate();
    }
}
