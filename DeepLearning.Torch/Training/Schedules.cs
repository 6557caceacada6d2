using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LearningRateSchedules;

namespace DeepLearning.Torch.Training;

/// <summary>Learning-rate schedules for <see cref="TrainerOptions.Schedule"/>.</summary>
public static class Schedules
{
    /// <summary>Multiply the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    /// <param name="stepSize">Epochs between decays.</param>
    /// <param name="gamma">Factor per decay.</param>
    public static StepDecay Step(int stepSize, double gamma = 0.1) => new(stepSize, gamma);

    /// <summary>Multiply the rate by <paramref name="gamma"/> every epoch.</summary>
    /// <param name="gamma">Factor per epoch.</param>
    public static ExponentialDecay Exponential(double gamma) => new(gamma);

    /// <summary>Cosine annealing to <paramref name="minimumLearningRate"/> over <paramref name="tMax"/> epochs (default: the run).</summary>
    /// <param name="tMax">Half period in epochs.</param>
    /// <param name="minimumLearningRate">Lowest rate.</param>
    public static CosineAnnealing Cosine(int? tMax = null, double minimumLearningRate = 0) => new(tMax, minimumLearningRate);

    /// <summary>One-cycle policy per batch peaking at <paramref name="maxLearningRate"/>.</summary>
    /// <param name="maxLearningRate">Peak rate.</param>
    /// <param name="pctStart">Fraction of steps spent increasing.</param>
    /// <param name="cycleMomentum">Also cycle momentum / beta1 between 0.95 and 0.85 (PyTorch's default; see <see cref="LearningRateSchedules.OneCycle.CycleMomentum"/>).</param>
    public static OneCycle OneCycle(double maxLearningRate, double pctStart = 0.3, bool cycleMomentum = false)
        => new(maxLearningRate, pctStart) { CycleMomentum = cycleMomentum };

    /// <summary>Reduce the rate when <paramref name="monitor"/> stops improving.</summary>
    /// <param name="monitor">Log key to watch.</param>
    /// <param name="factor">Reduction factor.</param>
    /// <param name="patience">Epochs without improvement before reducing.</param>
    public static ReduceLROnPlateau ReduceOnPlateau(string monitor = MetricKeys.ValidationLoss, double factor = 0.1, int patience = 10)
        => new(monitor, factor, patience);
}
