namespace DeepLearning.Torch.Training.Optimization;

/// <summary>
/// One-cycle policy per batch (PyTorch <c>OneCycleLR</c>, two phases, cosine annealing, no momentum cycling):
/// from <c>maxLr / divFactor</c> up to <c>maxLr</c> over the first <c>pctStart</c> of all steps, then down to
/// <c>maxLr / divFactor / finalDivFactor</c> at the last step.
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
        if (!(maxLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(maxLearningRate), maxLearningRate, "maxLearningRate must be positive.");
        if (!(pctStart > 0 && pctStart < 1)) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must be in (0, 1).");
        if (!(divFactor > 0)) throw new ArgumentOutOfRangeException(nameof(divFactor), divFactor, "divFactor must be positive.");
        if (!(finalDivFactor > 0)) throw new ArgumentOutOfRangeException(nameof(finalDivFactor), finalDivFactor, "finalDivFactor must be positive.");
        MaxLearningRate = maxLearningRate;
        PctStart = pctStart;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
    }

    /// <summary>Peak learning rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Fraction of steps spent increasing.</summary>
    public double PctStart { get; }

    /// <summary>Initial rate = max / divFactor.</summary>
    public double DivFactor { get; }

    /// <summary>Final rate = initial / finalDivFactor.</summary>
    public double FinalDivFactor { get; }

    /// <inheritdoc />
    public override double? AtBatchBegin(long step) => RateAt(step, (long)Epochs * StepsPerEpoch);

    /// <summary>The rate at <paramref name="step"/> of <paramref name="totalSteps"/> (closed form).</summary>
    /// <param name="step">Step, 0-based.</param>
    /// <param name="totalSteps">All steps of the run.</param>
    public double RateAt(long step, long totalSteps)
    {
        double initial = MaxLearningRate / DivFactor;
        double final = initial / FinalDivFactor;
        double peakStep = PctStart * totalSteps - 1;
        double lastStep = totalSteps - 1;
        return step <= peakStep
            ? Anneal(initial, MaxLearningRate, step / peakStep)
            : Anneal(MaxLearningRate, final, (step - peakStep) / (lastStep - peakStep));
    }

    private static double Anneal(double start, double end, double pct) => end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1);
}
