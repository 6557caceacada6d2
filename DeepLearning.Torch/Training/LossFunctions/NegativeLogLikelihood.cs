using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// Negative log-likelihood: predictions are log-probabilities [B, C] (e.g. from <c>log_softmax</c>); targets
/// are class indices [B] or one-hot rows [B, C]. Per sample: <c>-log p[target]</c>.
/// </summary>
public sealed class NegativeLogLikelihood : Loss
{
    /// <inheritdoc />
    public override string Name => "negative_log_likelihood";

    internal override string Call => "Losses.NegativeLogLikelihood()";

    internal override bool ClassIndexTargets => true;

    /// <inheritdoc />
    public override Tensor PerSample(Tensor prediction, Tensor target) => PerSample(prediction, target, targetsChecked: false);

    internal override Tensor PerSampleOfCheckedTargets(Tensor prediction, Tensor target) => PerSample(prediction, target, targetsChecked: true);

    private Tensor PerSample(Tensor prediction, Tensor target, bool targetsChecked)
    {
        if (prediction.dim() != 2)
            throw new ArgumentException($"{Name}: predictions must have shape [B, C]; got [{Shape(prediction)}].", nameof(prediction));
        return ClassTargets.NegativeLogLikelihood(Name, prediction, target, targetsChecked);
    }
}
