namespace DeepLearning.Torch.Training.LearningRateSchedules;

/// <summary>Exponential decay (PyTorch <c>ExponentialLR</c>): <c>lr0 * gamma^(epoch - 1)</c>.</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="gamma">Factor per epoch, in (0, 1].</param>
    public ExponentialDecay(double gamma)
    {
        if (!(gamma > 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in (0, 1].");
        Gamma = gamma;
    }

    /// <summary>Factor per epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double? AtEpochBegin(int epoch) => InitialLearningRate * Math.Pow(Gamma, epoch - 1);
}
