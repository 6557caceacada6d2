using DeepLearning.Torch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// The training batches of a run, one way for both kinds of data: a dataset in memory through a <see cref="BatchIterator"/>
/// (shuffled by the run's seeded generator), a stream through <see cref="IBatchSource.Batches"/> (in its own seeded order).
/// </summary>
internal sealed class TrainingBatches : IDisposable
{
    private readonly BatchIterator? _iterator;
    private readonly IBatchSource? _stream;

    internal TrainingBatches(DataPart part, int batchSize, Device device, Generator? shuffle)
    {
        BatchSize = batchSize;
        Device = device;
        if (part.Memory is { } memory)
        {
            _iterator = new BatchIterator(memory, batchSize, device, shuffle, rows: part.Rows);
            SampleCount = _iterator.SampleCount;
            BatchCount = _iterator.BatchCount;
        }
        else
        {
            _stream = part.Source;
            SampleCount = part.Source.Count;
            BatchCount = checked((int)((SampleCount + batchSize - 1) / batchSize));
        }
    }

    /// <summary>Samples per batch.</summary>
    internal int BatchSize { get; }

    /// <summary>Device of the batches.</summary>
    internal Device Device { get; }

    /// <summary>Samples per epoch.</summary>
    internal long SampleCount { get; }

    /// <summary>Batches per epoch.</summary>
    internal int BatchCount { get; }

    /// <summary>
    /// Starts <paramref name="epoch"/> (the in-memory order is drawn now) and returns its batches, each created in the dispose
    /// scope current when it is enumerated. Dispose the enumerator to stop a stream's reading early.
    /// </summary>
    internal IEnumerable<Batch> Epoch(int epoch)
    {
        if (_stream is not null) return _stream.Batches(epoch, BatchSize, Device);
        _iterator!.BeginEpoch();
        return InMemory(_iterator);
    }

    private IEnumerable<Batch> InMemory(BatchIterator iterator)
    {
        for (int b = 0; b < BatchCount; b++) yield return iterator.GetBatch(b);
    }

    /// <summary>Disposes the iterator's index tensors.</summary>
    public void Dispose() => _iterator?.Dispose();
}
