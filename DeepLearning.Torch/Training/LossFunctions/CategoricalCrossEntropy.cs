using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// Categorical cross-entropy over C classes. Predictions [B, C] are probabilities (clamped to [1e-7, 1]; default, as
/// Keras) or, with <see cref="FromLogits"/>, logits (the loss owns the softmax); targets are class indices [B] (integer)
/// or one-hot/probability rows [B, C]. Fit refuses a softmax or sigmoid output with <c>fromLogits: true</c>.
/// </summary>
/// <param name="fromLogits">Whether predictions are logits (no softmax applied by the model). Default false.</param>
public sealed class CategoricalCrossEntropy(bool fromLogits = false) : ClassIndexLoss
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc />
    public override string Name => FromLogits ? "categorical_crossentropy_from_logits" : "categorical_crossentropy";

    internal override string Call => $"Losses.CategoricalCrossEntropy(fromLogits: {(FromLogits ? "true" : "false")})";

    private protected override Tensor LogProbabilities(Tensor prediction) => FromLogits
        ? nn.functional.log_softmax(prediction, 1)
        : prediction.clamp(1e-7, 1.0).log();
}
