using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// Binary cross-entropy on probabilities (clamped to [eps, 1 - eps] like Keras, eps = 1e-7) or, with
/// <see cref="FromLogits"/>, on logits (numerically stable form). Per sample: mean over outputs.
/// </summary>
/// <param name="fromLogits">Whether predictions are logits (no sigmoid applied by the model).</param>
public sealed class BinaryCrossEntropy(bool fromLogits = false) : Loss
{
    /// <summary>Probability clamp used when <see cref="FromLogits"/> is false.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc />
    public override string Name => FromLogits ? "binary_crossentropy_from_logits" : "binary_crossentropy";

    internal override string Call => $"Losses.BinaryCrossEntropy(fromLogits: {(FromLogits ? "true" : "false")})";

    /// <inheritdoc />
    /// <remarks>Targets must have the predictions' shape (or [N] for [N, 1]) and lie in [0, 1].</remarks>
    public override void ValidateTargets(Tensor targets, IReadOnlyList<long> predictionShape)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictionShape);
        TargetChecks.Elementwise(Call, targets, predictionShape, classification: true);
        TargetChecks.UnitInterval(Call, targets);
    }

    /// <inheritdoc />
    public override Tensor PerSample(Tensor prediction, Tensor target)
    {
        var t = Align(prediction, target);
        if (FromLogits)
            return MeanPerSample(nn.functional.binary_cross_entropy_with_logits(prediction, t, reduction: nn.Reduction.None));
        var p = prediction.clamp(Epsilon, 1 - Epsilon);
        return MeanPerSample(-(t * p.log() + (1 - t) * (1 - p).log()));
    }
}
