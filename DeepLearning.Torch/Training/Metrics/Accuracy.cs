using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training.Core;
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
    private readonly DeviceSums _sums = new();   // correct, total, invalid targets (deferred checks)
    private long _classes;

    /// <summary>Decision threshold for single-output (binary) predictions.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc />
    public override string Name => MetricKeys.Accuracy;

    /// <inheritdoc />
    public override void Reset() => _sums.Reset();

    /// <inheritdoc />
    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
        using var scope = NewDisposeScope();
        bool multiClass = prediction.dim() == 2 && prediction.shape[1] > 1;
        _classes = multiClass ? prediction.shape[1] : 2;
        var predicted = multiClass ? prediction.argmax(1) : prediction.reshape(-1).gt(Threshold).to_type(ScalarType.Int64);
        Tensor actual, invalid;
        if (DeferValueChecks) (actual, invalid) = ClassLabels.ToIndicesCountingInvalid(target, _classes);
        else (actual, invalid) = (ClassLabels.ToIndices(target, _classes, nameof(target), nameof(Accuracy)), zeros(1, dtype: ScalarType.Float64, device: prediction.device));
        var correct = predicted.eq(actual).to_type(ScalarType.Float64);
        if (weights is null) _sums.Add(correct.sum(), full(1, correct.shape[0], dtype: ScalarType.Float64, device: correct.device), invalid);
        else
        {
            var w = weights.to_type(ScalarType.Float64);
            _sums.Add((correct * w).sum(), w.sum(), invalid);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">With checks deferred by the trainer: a target was not a class label.</exception>
    public override double Result
    {
        get
        {
            if (_sums.Read() is not { } sums) return double.NaN;
            if (sums[2] > 0)
                throw new ArgumentException(
                    $"Accuracy: {sums[2]} target(s) are not class labels in [0, {_classes}) (integer, bool or whole-number float values [N] or [N, 1], or one-hot rows).",
                    "target");
            return sums[1] > 0 ? sums[0] / sums[1] : double.NaN;
        }
    }
}
