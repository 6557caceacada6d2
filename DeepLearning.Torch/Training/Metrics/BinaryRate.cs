using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// What <see cref="Precision"/> and <see cref="Recall"/> share: weighted true positives of a binary classifier over a
/// weighted denominator, accumulated exactly over an epoch. A sample is predicted positive when its score is strictly
/// greater than <see cref="Threshold"/>. Predictions [B] or [B, 1]; targets 0/1 of the same length.
/// </summary>
/// <remarks>
/// When the denominator's weight is 0 (0/0) the result is 0, as scikit-learn's default <c>zero_division</c> returns (with a
/// warning there). Each <see cref="Update"/> moves one small vector to the host.
/// </remarks>
public abstract class BinaryRate : Metric
{
    private readonly string _metric;
    private readonly bool _overPredicted;
    private readonly DeviceSums _sums = new();   // true positives, denominator, samples, non-binary targets (deferred checks)

    // overPredicted: the denominator is the predicted positives (precision), else the actual positives (recall).
    private protected BinaryRate(double threshold, string name, string metric, bool overPredicted)
    {
        _metric = metric;
        _overPredicted = overPredicted;
        Threshold = double.IsFinite(threshold)
            ? threshold
            : throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"{metric} needs a finite threshold; got {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        Name = !string.IsNullOrWhiteSpace(name) ? name : throw new ArgumentException($"{metric} needs a non-empty name.", nameof(name));
    }

    /// <summary>Decision threshold: scores above it are predicted positive.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override void Reset() => _sums.Reset();

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Predictions are not [B] or [B, 1], targets do not match them or are not 0/1, or the
    /// weights are not [B].</exception>
    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
        var batch = MetricInput.Batch(_metric, prediction, weights);
        using var scope = NewDisposeScope();
        var (scores, targets) = MetricInput.Binary(_metric, prediction, target);
        var w = MetricInput.WeightVector(weights, batch, prediction.device);
        var predicted = scores.gt(Threshold).to_type(ScalarType.Float64) * w;
        var actual = targets.eq(1).to_type(ScalarType.Float64) * w;
        var nonBinary = MetricInput.NonBinaryCount(targets);
        if (!DeferValueChecks && MetricInput.ToHost(nonBinary)[0] is var bad and > 0) throw MetricInput.NonBinaryTargets(_metric, bad, target);
        _sums.Add((predicted * targets.eq(1)).sum(), (_overPredicted ? predicted : actual).sum(),
            full(1, batch, dtype: ScalarType.Float64, device: prediction.device), nonBinary);
    }

    /// <inheritdoc />
    /// <value>Weighted true positives over the weighted denominator; 0 when that weight is 0; NaN when no sample was added.</value>
    /// <exception cref="ArgumentException">With checks deferred by the trainer: a target was neither 0 nor 1.</exception>
    public override double Result
    {
        get
        {
            if (_sums.Read() is not { } s || s[2] == 0) return double.NaN;
            if (s[3] > 0) throw MetricInput.NonBinaryTargets(_metric, s[3], "target");
            return s[1] != 0 ? s[0] / s[1] : 0;
        }
    }
}
