using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Weighted recall TP / (TP + FN) of a binary classifier (scikit-learn <c>recall_score</c> with <c>sample_weight</c>, Keras
/// <c>Recall</c>): a sample is predicted positive when its score is strictly greater than the threshold. 0 when no weight
/// was actually positive (see <see cref="BinaryRate"/>).
/// </summary>
/// <param name="threshold">Decision threshold: 0.5 for probabilities, 0 for logits.</param>
/// <param name="name">Key in logs and history (default <c>recall</c>); give distinct names to use several thresholds.</param>
public sealed class Recall(double threshold = 0.5, string name = MetricKeys.Recall)
    : BinaryRate(threshold, name, nameof(Recall), overPredicted: false)
{
}
