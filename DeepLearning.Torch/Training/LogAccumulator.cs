using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Sums the per-batch logs of a step, weighted by batch size, into epoch means (in double, <c>loss</c> first, the other
/// keys in the order the step first returned them), and appends the metrics' results.
/// </summary>
internal sealed class LogAccumulator
{
    private readonly Dictionary<string, double> _sums = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly OutputHeads _heads;

    internal LogAccumulator(OutputHeads heads) => _heads = heads;

    /// <summary>Samples added so far.</summary>
    internal long Seen { get; private set; }

    /// <summary>Adds one batch of <paramref name="count"/> samples; returns the batch's <c>loss</c> (NaN when the step logs none).</summary>
    /// <exception cref="InvalidOperationException">A log is not a scalar.</exception>
    internal double Add(IReadOnlyDictionary<string, Tensor> logs, long count)
    {
        double loss = double.NaN;
        foreach (var (key, value) in logs)
        {
            double v = Scalar(key, value);
            if (key == MetricKeys.Loss) loss = v;
            if (_sums.TryGetValue(key, out double sum)) _sums[key] = sum + v * count;
            else
            {
                _sums[key] = v * count;
                if (key == MetricKeys.Loss) _keys.Insert(0, key);
                else _keys.Add(key);
            }
        }
        Seen += count;
        return loss;
    }

    /// <summary>The batch's value of a log as the trainer records it (float logs read as float, as libtorch computed them).</summary>
    internal static double Scalar(string key, Tensor value)
    {
        if (value.numel() != 1)
            throw new InvalidOperationException($"The step's log '{key}' has shape [{string.Join(", ", value.shape)}]; logs are scalars (means over the batch).");
        return value.dtype == ScalarType.Float32 ? value.item<float>() : value.to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>
    /// Epoch means of the logs and the metrics' results (only those cheap per batch when <paramref name="perBatch"/>), keyed
    /// as the step and <see cref="OutputHeads.Key"/> name them; only <c>loss</c>, NaN, before any batch was added.
    /// </summary>
    internal Dictionary<string, double> Values(bool perBatch = false)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (_keys.Count == 0) values[MetricKeys.Loss] = double.NaN;
        foreach (string key in _keys) values[key] = _sums[key] / Seen;
        foreach (var head in _heads.Heads)
        {
            foreach (var m in head.Metrics)
            {
                if (!perBatch || m.ReportedPerBatch) values[_heads.Key(head, m.Name)] = m.Result;
            }
        }
        return values;
    }
}
