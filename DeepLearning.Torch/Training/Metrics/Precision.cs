using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Weighted precision TP / (TP + FP) of a binary classifier (scikit-learn <c>precision_score</c> with <c>sample_weight</c>, Keras
/// <c>Precision</c>): a sample is predicted positive when its score is strictly greater than the threshold. 0 when no weight
/// was predicted positive (see <see cref="BinaryRate"/>).
/// </summary>
/// <param name="threshold">Decision threshold: 0.5 for probabilities, 0 for logits.</param>
/// <param name="name">Key in logs and history (default <c>precision</c>); give distinct names to use several thresholds.</param>
public sealed class Precision(double threshold = 0.5, string name = MetricKeys.Precision)
    : BinaryRate(threshold, name, nameof(Precision), overPredicted: true)
{
}
