using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training.Core;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Weighted fraction of samples whose true class is among the <see cref="K"/> highest scores (Keras
/// <c>top_k_categorical_accuracy</c>, scikit-learn <c>top_k_accuracy_score</c>). Predictions [B, C] (scores, logits or
/// probabilities); targets class indices [B] (integer, or integral floats) or one-hot rows [B, C] (arg-max).
/// </summary>
/// <remarks>
/// Ties follow scikit-learn: classes are ranked by descending score and, among equal scores, by descending class index,
/// so the true class t is a hit when #{j : s_j &gt; s_t} + #{j &gt; t : s_j = s_t} &lt; k. (TensorFlow's <c>in_top_k</c>
/// instead counts every class tied with the k-th as a hit.) Each <see cref="Update"/> checks the targets with
/// <see cref="Data.ClassLabels"/> and moves one small vector to the host.
/// </remarks>
public sealed class TopKAccuracy : Metric
{
    private readonly DeviceSums _sums = new();   // hits, total weight, invalid targets (deferred checks)
    private long _classes;

    /// <summary>Creates the metric.</summary>
    /// <param name="k">How many of the highest-scoring classes count as a hit, at least 1 (Keras default 5).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public TopKAccuracy(int k = 5)
    {
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"TopKAccuracy needs k of at least 1; got {k}.");
        K = k;
    }

    /// <summary>How many of the highest-scoring classes count as a hit.</summary>
    public int K { get; }

    /// <inheritdoc />
    /// <value><c>top_{k}_accuracy</c>, e.g. <c>top_5_accuracy</c>.</value>
    public override string Name => MetricKeys.TopKAccuracy(K);

    /// <inheritdoc />
    public override void Reset() => _sums.Reset();

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Predictions are not [B, C], <see cref="K"/> exceeds C, the targets are neither [B]
    /// nor [B, C], a target is not a class index in [0, C), or the weights are not [B].</exception>
    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
        const string metric = nameof(TopKAccuracy);
        long batch = MetricInput.BatchSize(metric, prediction);
        if (prediction.dim() != 2)
            throw new ArgumentException(
                $"{metric} expects class scores of shape [B, C]; got predictions of shape {MetricInput.Shape(prediction)}.", nameof(prediction));
        long classes = prediction.shape[1];
        if (K > classes)
            throw new ArgumentException(
                $"{metric} with k = {K} needs at least {K} classes; predictions of shape {MetricInput.Shape(prediction)} have {classes}.",
                nameof(prediction));
        MetricInput.Weights(metric, weights, batch);
        using var scope = NewDisposeScope();
        Tensor index;
        Tensor? invalid = null;
        _classes = classes;
        if ((target.dim() == 2 && target.shape[0] == batch && target.shape[1] == classes && classes > 1) ||
            (target.dim() == 1 && target.shape[0] == batch) || (target.dim() == 2 && target.shape[0] == batch && target.shape[1] == 1))
        {
            if (DeferValueChecks) (index, invalid) = ClassLabels.ToIndicesCountingInvalid(target, classes);
            else index = ClassLabels.ToIndices(target, classes, nameof(target), $"{metric} with predictions {MetricInput.Shape(prediction)}");
        }
        else
        {
            throw new ArgumentException(
                $"{metric} expects class indices [{batch}] or one-hot rows [{batch}, {classes}] for predictions {MetricInput.Shape(prediction)}; " +
                $"got targets of shape {MetricInput.Shape(target)}.", nameof(target));
        }
        var scores = prediction.to_type(ScalarType.Float64);
        var trueScore = scores.gather(1, index.unsqueeze(1));
        var classIndex = arange(classes, device: prediction.device).unsqueeze(0);
        var ahead = scores.gt(trueScore).sum(1) + scores.eq(trueScore).logical_and(classIndex.gt(index.unsqueeze(1))).sum(1);
        var hit = ahead.lt(K).to_type(ScalarType.Float64);
        var w = MetricInput.WeightVector(weights, batch, prediction.device);
        _sums.Add((hit * w).sum(), w.sum(), invalid ?? zeros(1, dtype: ScalarType.Float64, device: prediction.device));
    }

    /// <inheritdoc />
    /// <value>Weighted hits over total weight; NaN when nothing (or only zero weight) was added.</value>
    /// <exception cref="ArgumentException">With checks deferred by the trainer: a target was not a class index.</exception>
    public override double Result
    {
        get
        {
            if (_sums.Read() is not { } s) return double.NaN;
            if (s[2] > 0)
                throw new ArgumentException($"{nameof(TopKAccuracy)}: {s[2]} target(s) are not class labels in [0, {_classes}).", "target");
            return s[1] != 0 ? s[0] / s[1] : double.NaN;
        }
    }
}
