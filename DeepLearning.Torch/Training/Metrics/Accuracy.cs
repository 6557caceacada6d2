using DeepLearning.Torch.Data;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Weighted fraction of correct predictions. Multi-class outputs [B, C] (C &gt; 1) use the arg-max, against
/// class indices [B] or one-hot rows [B, C]; single outputs [B] or [B, 1] are thresholded at
/// <see cref="Threshold"/> against 0/1 targets.
/// </summary>
/// <param name="threshold">Decision threshold for single outputs: 0.5 for probabilities, 0 for logits.</param>
public sealed class Accuracy(double threshold = 0.5) : Metric
{
    private double _correct;
    private double _total;

    /// <summary>Decision threshold for single-output (binary) predictions.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc />
    public override string Name => MetricKeys.Accuracy;

    /// <inheritdoc />
    public override void Reset() => (_correct, _total) = (0, 0);

    /// <inheritdoc />
    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
        using var scope = NewDisposeScope();
        Tensor predicted, actual;
        if (prediction.dim() == 2 && prediction.shape[1] > 1)
        {
            predicted = prediction.argmax(1);
            actual = ClassLabels.ToIndices(target, prediction.shape[1], nameof(target), nameof(Accuracy));
        }
        else
        {
            predicted = prediction.reshape(-1).gt(Threshold).to_type(ScalarType.Int64);
            actual = ClassLabels.ToIndices(target, 2, nameof(target), nameof(Accuracy));
        }
        var correct = predicted.eq(actual).to_type(ScalarType.Float64);
        if (weights is null)
        {
            _correct += correct.sum().item<double>();
            _total += correct.shape[0];
        }
        else
        {
            var w = weights.to_type(ScalarType.Float64);
            _correct += (correct * w).sum().item<double>();
            _total += w.sum().item<double>();
        }
    }

    /// <inheritdoc />
    public override double Result => _total > 0 ? _correct / _total : double.NaN;
}
