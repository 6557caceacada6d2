namespace DeepLearning.Torch.Training.LearningRateSchedules;

/// <summary>
/// One-cycle policy per batch (PyTorch <c>OneCycleLR</c>, two phases, cosine annealing):
/// from <c>maxLr / divFactor</c> up to <c>maxLr</c> over the first <c>pctStart</c> of all steps, then down to
/// <c>maxLr / divFactor / finalDivFactor</c> at the last step. With <see cref="CycleMomentum"/> the momentum (SGD,
/// RMSprop) or Adam's beta1 moves the other way, from <see cref="MaxMomentum"/> down to <see cref="BaseMomentum"/> and
/// back (PyTorch's <c>cycle_momentum=True</c>, its default; off here by default so existing runs keep their momentum).
/// </summary>
public sealed class OneCycle : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLearningRate">Peak learning rate.</param>
    /// <param name="pctStart">Fraction of steps spent increasing, in (0, 1).</param>
    /// <param name="divFactor">Initial rate = max / divFactor.</param>
    /// <param name="finalDivFactor">Final rate = initial / finalDivFactor.</param>
    public OneCycle(double maxLearningRate, double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4)
    {
        MaxLearningRate = Positive(maxLearningRate, nameof(maxLearningRate));
        PctStart = pctStart > 0 && pctStart < 1 ? pctStart : throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must be in (0, 1).");
        DivFactor = Positive(divFactor, nameof(divFactor));
        FinalDivFactor = Positive(finalDivFactor, nameof(finalDivFactor));
    }

    /// <summary>Peak learning rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Fraction of steps spent increasing.</summary>
    public double PctStart { get; }

    /// <summary>Initial rate = max / divFactor.</summary>
    public double DivFactor { get; }

    /// <summary>Final rate = initial / finalDivFactor.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Cycle the optimizer's momentum (SGD, RMSprop) or beta1 (Adam, AdamW) inversely to the learning rate.</summary>
    /// <value>Default false.</value>
    public bool CycleMomentum { get; init; }

    /// <summary>Momentum at the learning-rate peak (the lowest), with <see cref="CycleMomentum"/>.</summary>
    /// <value>Default 0.85, as PyTorch.</value>
    public double BaseMomentum
    {
        get => _baseMomentum;
        init => _baseMomentum = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(BaseMomentum), value, "BaseMomentum must be in [0, 1).");
    }

    /// <inheritdoc />
    /// <returns>With <see cref="CycleMomentum"/>, a sentence when an optimizer has neither momentum nor beta1.</returns>
    public override string? OptimizerProblem(IReadOnlyList<TorchSharp.torch.optim.Optimizer> optimizers, string optimizerName)
        => CycleMomentum && !optimizers.All(OptimizerMomentum.Supports)
            ? $"OneCycle with CycleMomentum needs an optimizer with momentum (SGD, RMSprop) or beta1 (Adam, AdamW); {optimizerName} has neither."
            : null;

    /// <summary>Momentum at the start and the end (the highest), with <see cref="CycleMomentum"/>.</summary>
    /// <value>Default 0.95, as PyTorch.</value>
    public double MaxMomentum
    {
        get => _maxMomentum;
        init => _maxMomentum = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxMomentum), value, "MaxMomentum must be in [0, 1).");
    }

    private readonly double _baseMomentum = 0.85;
    private readonly double _maxMomentum = 0.95;

    /// <inheritdoc />
    public override double? MomentumAtBatchBegin(long step) => CycleMomentum ? MomentumAt(step, (long)Epochs * StepsPerEpoch) : null;

    /// <summary>The momentum at <paramref name="step"/> of <paramref name="totalSteps"/> (whether or not <see cref="CycleMomentum"/> is set).</summary>
    /// <param name="step">Global step, 0-based.</param>
    /// <param name="totalSteps">Steps in the run.</param>
    public double MomentumAt(long step, long totalSteps) => TwoPhases(step, totalSteps, MaxMomentum, BaseMomentum, MaxMomentum);

    /// <inheritdoc />
    public override double? AtBatchBegin(long step) => RateAt(step, (long)Epochs * StepsPerEpoch);

    /// <summary>The rate at <paramref name="step"/> of <paramref name="totalSteps"/> (closed form).</summary>
    /// <param name="step">Step, 0-based.</param>
    /// <param name="totalSteps">All steps of the run.</param>
    public double RateAt(long step, long totalSteps)
    {
        double initial = MaxLearningRate / DivFactor;
        return TwoPhases(step, totalSteps, initial, MaxLearningRate, initial / FinalDivFactor);
    }

    /// <summary>Cosine from <paramref name="start"/> to <paramref name="peak"/> over the first <see cref="PctStart"/> of the steps, then to <paramref name="end"/> at the last.</summary>
    private double TwoPhases(long step, long totalSteps, double start, double peak, double end)
    {
        double peakStep = PctStart * totalSteps - 1;
        double lastStep = totalSteps - 1;
        return step <= peakStep
            ? Anneal(start, peak, step / peakStep)
            : Anneal(peak, end, (step - peakStep) / (lastStep - peakStep));
    }

    private static double Anneal(double start, double end, double pct) => end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1);

    private static double Positive(double value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
}
