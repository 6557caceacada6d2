using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// Negative log-likelihood: predictions are log-probabilities [B, C] (e.g. from <c>log_softmax</c>); targets
/// are class indices [B] or one-hot rows [B, C]. Per sample: <c>-log p[target]</c>.
/// </summary>
public sealed class NegativeLogLikelihood : ClassIndexLoss
{
    /// <inheritdoc />
    public override string Name => "negative_log_likelihood";

    internal override string Call => "Losses.NegativeLogLikelihood()";

    private protected override Tensor LogProbabilities(Tensor prediction) => prediction;
}
