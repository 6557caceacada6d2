using DeepLearning.Torch.Training.Core;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Exact, weighted area under the ROC curve of a binary classifier (scikit-learn <c>roc_auc_score</c> with
/// <c>sample_weight</c>; tied scores form one point). Predictions [B] or [B, 1] (probabilities or logits: only the order
/// matters); targets 0/1 of the same length.
/// </summary>
/// <remarks>
/// Unlike Keras's 200-bucket approximation, the metric keeps every score, target and weight of the epoch on the host
/// (24 bytes per sample; one transfer per <see cref="Update"/>, or per epoch when the trainer updates it) and computes the exact area as
/// <c>Evaluation.RocCurve</c> does (same semantics, computed here so that Training needs nothing from Evaluation). <see cref="Result"/> sorts all samples
/// (O(n log n)) and is cached until the next update; it is not <see cref="Metric.ReportedPerBatch"/>, so the trainer's
/// progress display shows it at the end of each epoch only.
/// </remarks>
public sealed class Auc : Metric
{
    private readonly List<Tensor> _batches = [];   // float64 [3, B]: scores, targets, weights, on the inputs' device
    private readonly List<double> _scores = [];
    private readonly List<int> _labels = [];
    private readonly List<double> _weights = [];
    private bool _weighted;
    private double? _cached;

    /// <inheritdoc />
    /// <value><c>auc</c>.</value>
    public override string Name => MetricKeys.Auc;

    /// <inheritdoc />
    public override void Reset()
    {
        foreach (var t in _batches) t.Dispose();
        _batches.Clear();
        _scores.Clear();
        _labels.Clear();
        _weights.Clear();
        _weighted = false;
        _cached = null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Predictions are not [B] or [B, 1], targets do not match them or are not 0/1, or the
    /// weights are not [B].</exception>
    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
        const string metric = nameof(Auc);
        var batch = MetricInput.Batch(metric, prediction, weights);
        using (var scope = NewDisposeScope())
        {
            var (scores, targets) = MetricInput.Binary(metric, prediction, target);
            if (batch == 0) return;
            var w = MetricInput.WeightVector(weights, batch, prediction.device);
            var stacked = stack([scores.to_type(ScalarType.Float64), targets, w]);
            if (DeferValueChecks) _batches.Add(stacked.detach().DetachFromDisposeScope());
            else Append(stacked.cpu().data<double>().ToArray(), (int)batch, target);
        }
        _weighted |= weights is not null;
        _cached = null;
    }

    /// <summary>Checks one batch's host values (scores, then targets, then weights) and appends them.</summary>
    private void Append(double[] host, int n, Tensor? target)
    {
        int bad = 0;
        for (int i = n; i < 2 * n; i++)
            if (host[i] != 0 && host[i] != 1) bad++;
        if (bad > 0) throw target is null ? MetricInput.NonBinaryTargets(nameof(Auc), bad, "target") : MetricInput.NonBinaryTargets(nameof(Auc), bad, target);
        for (int i = 0; i < n; i++)
        {
            _scores.Add(host[i]);
            _labels.Add(host[n + i] == 1 ? 1 : 0);
            _weights.Add(host[2 * n + i]);
        }
    }

    /// <summary>Moves the batches kept on the device (checks deferred by the trainer) to the host, in one transfer.</summary>
    private void Collect()
    {
        if (_batches.Count == 0) return;
        double[] host;
        int n;
        using (var scope = NewDisposeScope())
        {
            var all = cat(_batches.ToArray(), 1);
            n = (int)all.shape[1];
            host = all.cpu().data<double>().ToArray();
        }
        foreach (var t in _batches) t.Dispose();
        _batches.Clear();
        Append(host, n, null);
    }

    /// <inheritdoc />
    /// <value>
    /// The ROC AUC of all samples since <see cref="Reset"/>. NaN when it is undefined: no samples, only one class seen
    /// (no positive or no negative with positive total weight), or a score or weight that is not finite.
    /// </value>
    public override double Result
    {
        get
        {
            Collect();
            return _cached ??= Compute();
        }
    }

    /// <inheritdoc />
    public override bool ReportedPerBatch => false;

    private double Compute()
    {
        double positive = 0, negative = 0;
        for (int i = 0; i < _labels.Count; i++)
        {
            if (!double.IsFinite(_scores[i]) || !double.IsFinite(_weights[i])) return double.NaN;
            if (_labels[i] == 1) positive += _weights[i];
            else negative += _weights[i];
        }
        if (!(positive > 0 && negative > 0)) return double.NaN;
        return RocArea.Compute(_labels, _scores, _weighted ? _weights : null);
    }
}
