namespace DeepLearning.Torch.Training.LearningRateSchedules;

/// <summary>
/// Cosine annealing (PyTorch <c>CosineAnnealingLR</c>, closed form):
/// <c>etaMin + (lr0 - etaMin) * (1 + cos(pi * (epoch - 1) / TMax)) / 2</c>.
/// </summary>
public sealed class CosineAnnealing : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="tMax">Epochs of the half period; <c>null</c> uses the run's epoch count.</param>
    /// <param name="minimumLearningRate">The rate reached after <paramref name="tMax"/> epochs (<c>eta_min</c>).</param>
    public CosineAnnealing(int? tMax = null, double minimumLearningRate = 0)
    {
        if (tMax is < 1) throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "tMax must be at least 1.");
        if (!(minimumLearningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(minimumLearningRate), minimumLearningRate, "minimumLearningRate must be at least 0.");
        TMax = tMax;
        MinimumLearningRate = minimumLearningRate;
    }

    /// <summary>Half period in epochs, or <c>null</c> for the run's epoch count.</summary>
    public int? TMax { get; }

    /// <summary>Lowest learning rate.</summary>
    public double MinimumLearningRate { get; }

    /// <inheritdoc />
    public override double? AtEpochBegin(int epoch)
    {
        double t = TMax ?? Epochs;
        return MinimumLearningRate + (InitialLearningRate - MinimumLearningRate) * (1 + Math.Cos(Math.PI * (epoch - 1) / t)) / 2;
    }
}
