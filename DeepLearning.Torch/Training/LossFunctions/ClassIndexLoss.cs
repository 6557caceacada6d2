using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// What <see cref="CategoricalCrossEntropy"/> and <see cref="NegativeLogLikelihood"/> share: predictions [B, C], targets
/// that are integer class indices [B] or one-hot/probability rows [B, C], and per sample <c>-log p[target]</c> of the
/// log-probabilities the derived loss reads from the predictions.
/// </summary>
public abstract class ClassIndexLoss : Loss
{
    private protected ClassIndexLoss()
    {
    }

    /// <inheritdoc />
    public sealed override Tensor PerSample(Tensor prediction, Tensor target) => PerSample(prediction, target, targetsChecked: false);

    /// <summary>The log-probabilities [B, C] of predictions [B, C].</summary>
    private protected abstract Tensor LogProbabilities(Tensor prediction);

    internal sealed override Tensor PerSampleOfCheckedTargets(Tensor prediction, Tensor target) => PerSample(prediction, target, targetsChecked: true);

    internal sealed override bool ClassIndexTargets => true;

    private protected sealed override Tensor Mean(Tensor prediction, Tensor target, bool targetsChecked)
        => ClassTargets.NegativeLogLikelihood(Name, CheckedLogProbabilities(prediction), target, targetsChecked, mean: true);

    private Tensor PerSample(Tensor prediction, Tensor target, bool targetsChecked)
        => ClassTargets.NegativeLogLikelihood(Name, CheckedLogProbabilities(prediction), target, targetsChecked);

    private Tensor CheckedLogProbabilities(Tensor prediction)
    {
        if (prediction.dim() != 2)
            throw new ArgumentException($"{Name}: predictions must have shape [B, C]; got [{Shape(prediction)}].", nameof(prediction));
        return LogProbabilities(prediction);
    }
}
