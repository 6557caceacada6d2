using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// Categorical cross-entropy over C classes. Predictions [B, C] are logits (default) or probabilities
/// (clamped to [1e-7, 1]); targets are class indices [B] (integer) or one-hot/probability rows [B, C].
/// </summary>
/// <param name="fromLogits">Whether predictions are logits (default true: the loss owns the softmax).</param>
public sealed class CategoricalCrossEntropy(bool fromLogits = true) : Loss
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc />
    public override string Name => FromLogits ? "categorical_crossentropy_from_logits" : "categorical_crossentropy";

    /// <inheritdoc />
    public override Tensor PerSample(Tensor prediction, Tensor target)
    {
        if (prediction.dim() != 2)
            throw new ArgumentException($"{Name}: predictions must have shape [B, C]; got [{Shape(prediction)}].", nameof(prediction));
        var logProbabilities = FromLogits
            ? nn.functional.log_softmax(prediction, 1)
            : prediction.clamp(1e-7, 1.0).log();
        return ClassTargets.NegativeLogLikelihood(Name, logProbabilities, target);
    }
}
