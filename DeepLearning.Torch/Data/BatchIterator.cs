using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Cuts a <see cref="TensorDataset"/> (optionally restricted to some rows) into mini-batches: each epoch's order is one
/// <c>randperm</c> drawn from a seeded <see cref="Generator"/>, and each batch gathers its rows with <c>index_select</c>
/// on whole tensors (not one sample at a time as TorchSharp's <c>DataLoader</c> does), then moves them to the target device.
/// A multi-input dataset's batches gather the same rows from every input (<see cref="Batch.Inputs"/>).
/// </summary>
/// <remarks>
/// Use: <c>iterator.BeginEpoch(); for (b = 0; b &lt; iterator.BatchCount; b++) { using var scope = torch.NewDisposeScope(); var batch = iterator.GetBatch(b); ... }</c>.
/// The iterator owns its index tensors; dispose it when done. It does not own the dataset or the generator.
/// </remarks>
public sealed class BatchIterator : IDisposable
{
    private readonly TensorDataset _dataset;
    private readonly Generator? _generator;
    private readonly Tensor? _rows;
    private Tensor? _order;

    /// <summary>Creates an iterator.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch (the last batch may be smaller unless <paramref name="dropLast"/>), at least 1.</param>
    /// <param name="device">Device the batches are moved to.</param>
    /// <param name="generator">Generator for shuffling, or <c>null</c> for the dataset order.</param>
    /// <param name="dropLast">Drop the last incomplete batch.</param>
    /// <param name="rows">Use only these rows of the dataset (e.g. <see cref="DatasetSplitIndices.Train"/>), or <c>null</c> for all.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1 or a row index is outside the dataset.</exception>
    public BatchIterator(TensorDataset dataset, int batchSize, Device device, Generator? generator = null, bool dropLast = false,
        IReadOnlyList<long>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(device);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be at least 1.");
        if (rows is not null)
        {
            for (int i = 0; i < rows.Count; i++)
            {
                if (rows[i] < 0 || rows[i] >= dataset.Count)
                    throw new ArgumentOutOfRangeException(nameof(rows), rows[i], $"Row {rows[i]} at position {i} is outside [0, {dataset.Count}).");
            }
            _rows = tensor(rows.ToArray(), dtype: ScalarType.Int64).DetachFromDisposeScope();
        }
        _dataset = dataset;
        _generator = generator;
        BatchSize = batchSize;
        Device = device;
        SampleCount = rows?.Count ?? dataset.Count;
        BatchCount = checked((int)(dropLast ? SampleCount / batchSize : (SampleCount + batchSize - 1) / batchSize));
    }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Device the batches are moved to.</summary>
    public Device Device { get; }

    /// <summary>Samples iterated per epoch (the selected rows, or the whole dataset).</summary>
    public long SampleCount { get; }

    /// <summary>Number of batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>Starts an epoch: draws a new permutation when shuffling (one <c>randperm</c> from the generator).</summary>
    public void BeginEpoch()
    {
        if (_generator is null) return;
        _order?.Dispose();
        _order = randperm(SampleCount, generator: _generator).DetachFromDisposeScope();
    }

    /// <summary>
    /// Gathers batch <paramref name="index"/> of the current epoch onto <see cref="Device"/>, in the current dispose scope.
    /// </summary>
    /// <param name="index">Batch number in [0, <see cref="BatchCount"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">Shuffling and <see cref="BeginEpoch"/> was not called.</exception>
    public Batch GetBatch(int index)
    {
        if (index < 0 || index >= BatchCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Batch index must be in [0, {BatchCount}).");
        if (_generator is not null && _order is null)
            throw new InvalidOperationException("Call BeginEpoch() before GetBatch() when shuffling.");
        long start = (long)index * BatchSize;
        long length = Math.Min(BatchSize, SampleCount - start);
        if (_order is null && _rows is null)
        {
            var labels = _dataset.LabelTensors.Select(label => ToDevice(label.narrow(0, start, length))).ToArray();
            return new Batch(index, _dataset.Inputs.Select(input => ToDevice(input.narrow(0, start, length))).ToArray(),
                labels.FirstOrDefault(), _dataset.Weights is null ? null : ToDevice(_dataset.Weights.narrow(0, start, length)))
            { LabelTensors = labels };
        }

        using var rows = Rows(start, length);
        var gathered = _dataset.LabelTensors.Select(label => Gather(label, rows)).ToArray();
        return new Batch(index, _dataset.Inputs.Select(input => Gather(input, rows)).ToArray(),
            gathered.FirstOrDefault(), _dataset.Weights is null ? null : Gather(_dataset.Weights, rows))
        { LabelTensors = gathered };
    }

    private Tensor Rows(long start, long length)
    {
        if (_order is null) return _rows!.narrow(0, start, length);
        if (_rows is null) return _order.narrow(0, start, length);
        using var positions = _order.narrow(0, start, length);
        return _rows.index_select(0, positions);
    }

    private Tensor ToDevice(Tensor view)
    {
        if (SameDevice(view.device)) return view;
        using (view) return view.to(Device);
    }

    private Tensor Gather(Tensor source, Tensor rows)
    {
        Tensor gathered;
        if (source.device_type == rows.device_type && source.device_index == rows.device_index)
        {
            gathered = source.index_select(0, rows);
        }
        else
        {
            using var moved = rows.to(source.device);
            gathered = source.index_select(0, moved);
        }
        return ToDevice(gathered);
    }

    private bool SameDevice(Device other) => other.type == Device.type && (other.index == Device.index || Device.index < 0);

    /// <summary>Disposes the index tensors.</summary>
    public void Dispose()
    {
        _order?.Dispose();
        _order = null;
        _rows?.Dispose();
    }
}
