namespace DeepLearning.Torch.Training.LearningRateSchedules;

/// <summary>Step decay (PyTorch <c>StepLR</c>): <c>lr0 * gamma^floor((epoch - 1) / stepSize)</c>.</summary>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="stepSize">Epochs between decays, at least 1.</param>
    /// <param name="gamma">Factor per decay, in (0, 1].</param>
    public StepDecay(int stepSize, double gamma = 0.1)
    {
        if (stepSize < 1) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "stepSize must be at least 1.");
        if (!(gamma > 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in (0, 1].");
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>Factor per decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double? AtEpochBegin(int epoch) => InitialLearningRate * Math.Pow(Gamma, (epoch - 1) / StepSize);
}
