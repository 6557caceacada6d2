using DeepLearning.Torch.Training.Core;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Sums the per-batch logs of a step, weighted by batch size, into epoch means (in float64 on the logs' device, <c>loss</c>
/// first, the other keys in the order the step first returned them), and appends the metrics' results. Adding a batch
/// on an accelerator reads nothing back to the host; <see cref="Values"/> does, in one transfer. CPU logs are read at once
/// and summed in host doubles (no wait to avoid there, and fewer tensor operations), with the same float64 arithmetic.
/// </summary>
internal sealed class LogAccumulator : IDisposable
{
    private readonly Dictionary<string, Tensor> _sums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _hostSums = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly OutputHeads _heads;

    internal LogAccumulator(OutputHeads heads) => _heads = heads;

    /// <summary>Samples added so far.</summary>
    internal long Seen { get; private set; }

    /// <summary>Adds one batch of <paramref name="count"/> samples; returns the batch's <c>loss</c> log (null when the step logs none).</summary>
    /// <exception cref="InvalidOperationException">A log is not a scalar.</exception>
    internal Tensor? Add(IReadOnlyDictionary<string, Tensor> logs, long count)
    {
        Tensor? loss = null;
        foreach (var (key, value) in logs)
        {
            if (key == MetricKeys.Loss) loss = value;
            bool known = _sums.ContainsKey(key) || _hostSums.ContainsKey(key);
            if (value.device_type == TorchSharp.DeviceType.CPU && !_sums.ContainsKey(key))
            {
                if (value.numel() != 1) Scalar(key, value);   // throws, naming the log
                _hostSums[key] = _hostSums.GetValueOrDefault(key) + Metrics.DeviceSums.HostValue(value) * count;
            }
            else
            {
                var v = Scalar(key, value);
                if (_sums.TryGetValue(key, out var sum)) sum.add_(v * count);
                else _sums[key] = (v * count).DetachFromDisposeScope();
            }
            if (!known)
            {
                if (key == MetricKeys.Loss) _keys.Insert(0, key);
                else _keys.Add(key);
            }
        }
        Seen += count;
        return loss;
    }

    /// <summary>
    /// The batch's value of a log as the trainer records it: float64, from the value as libtorch computed it (a float32 loss
    /// is widened exactly), detached from the graph; a tensor in the current scope.
    /// </summary>
    internal static Tensor Scalar(string key, Tensor value)
    {
        if (value.numel() != 1)
            throw new InvalidOperationException($"The step's log '{key}' has shape [{string.Join(", ", value.shape)}]; logs are scalars (means over the batch).");
        return value.detach().reshape(1).to_type(ScalarType.Float64);
    }

    /// <summary>The host value of one log (one synchronisation): for the rare reader of a single batch's loss.</summary>
    internal static double Read(string key, Tensor value)
    {
        using var scope = NewDisposeScope();
        return Scalar(key, value).cpu().item<double>();
    }

    /// <summary>
    /// Epoch means of the logs and the metrics' results (only those cheap per batch when <paramref name="perBatch"/>), keyed
    /// as the step and <see cref="OutputHeads.Key"/> name them; only <c>loss</c>, NaN, before any batch was added.
    /// </summary>
    internal Dictionary<string, double> Values(bool perBatch = false)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (_keys.Count == 0) values[MetricKeys.Loss] = double.NaN;
        else
        {
            using var scope = NewDisposeScope();
            var onDevice = _keys.Where(_sums.ContainsKey).ToArray();
            var sums = onDevice.Length == 0 ? [] : cat(onDevice.Select(k => _sums[k]).ToArray()).cpu().data<double>().ToArray();
            for (int i = 0; i < onDevice.Length; i++) values[onDevice[i]] = sums[i] / Seen;
            foreach (var (key, sum) in _hostSums) values[key] = sum / Seen;
            var ordered = _keys.ToDictionary(k => k, k => values[k]);
            values.Clear();
            foreach (var (key, value) in ordered) values[key] = value;
        }
        foreach (var head in _heads.Heads)
        {
            foreach (var m in head.Metrics)
            {
                if (!perBatch || m.ReportedPerBatch) values[_heads.Key(head, m.Name)] = m.Result;
            }
        }
        return values;
    }

    public void Dispose()
    {
        foreach (var sum in _sums.Values) sum.Dispose();
        _sums.Clear();
        _hostSums.Clear();
    }
}
