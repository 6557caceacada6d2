using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Weighted precision TP / (TP + FP) of a binary classifier (scikit-learn <c>precision_score</c> with <c>sample_weight</c>, Keras
/// <c>Precision</c>): a sample is predicted positive when its score is strictly greater than <see cref="Threshold"/>.
/// Predictions [B] or [B, 1]; targets 0/1 of the same length.
/// </summary>
/// <remarks>
/// When no weight was predicted positive (0/0) the result is 0, as scikit-learn's default <c>zero_division</c> returns (with a
/// warning there). Each <see cref="Update"/> moves one small vector to the host.
/// </remarks>
/// <param name="threshold">Decision threshold: 0.5 for probabilities, 0 for logits.</param>
/// <param name="name">Key in logs and history (default <c>precision</c>); give distinct names to use several thresholds.</param>
public sealed class Precision(double threshold = 0.5, string name = MetricKeys.Precision) : Metric
{
    private double _truePositives;
    private double _denominator;
    private long _samples;

    /// <summary>Decision threshold: scores above it are predicted positive.</summary>
    public double Threshold { get; } = double.IsFinite(threshold)
        ? threshold
        : throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Precision needs a finite threshold; got {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");

    /// <inheritdoc />
    public override string Name { get; } = !string.IsNullOrWhiteSpace(name)
        ? name
        : throw new ArgumentException("Precision needs a non-empty name.", nameof(name));

    /// <inheritdoc />
    public override void Reset() => (_truePositives, _denominator, _samples) = (0, 0, 0);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Predictions are not [B] or [B, 1], targets do not match them or are not 0/1, or the
    /// weights are not [B].</exception>
    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
        const string metric = nameof(Precision);
        var batch = MetricInput.BatchSize(metric, prediction);
        MetricInput.Weights(metric, weights, batch);
        using var scope = NewDisposeScope();
        var (scores, targets) = MetricInput.Binary(metric, prediction, target);
        var w = MetricInput.WeightVector(weights, batch, prediction.device);
        var predicted = scores.gt(Threshold).to_type(ScalarType.Float64) * w;
        var host = MetricInput.ToHost((predicted * targets.eq(1)).sum(), predicted.sum(), MetricInput.NonBinaryCount(targets));
        if (host[2] > 0) throw MetricInput.NonBinaryTargets(metric, host[2], target);
        _truePositives += host[0];
        _denominator += host[1];
        _samples += batch;
    }

    /// <inheritdoc />
    /// <value>Weighted true positives over weighted predicted positives; 0 when that weight is 0; NaN when no sample was added.</value>
    public override double Result => _samples == 0 ? double.NaN : _denominator != 0 ? _truePositives / _denominator : 0;
}
