using DeepLearning.Torch.Data;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Samples the trainer reads: a dataset in memory, or some rows of it (a validation split made without copying), or a
/// stream (<see cref="IBatchSource"/> that is not a <see cref="TensorDataset"/>).
/// </summary>
internal sealed record DataPart(IBatchSource Source, IReadOnlyList<long>? Rows)
{
    /// <summary>The dataset when it is held in memory, else <c>null</c> (a stream).</summary>
    internal TensorDataset? Memory => Source as TensorDataset;

    /// <summary>The batches of <paramref name="epoch"/> in the source's order (for in-memory rows, in the order of <see cref="Rows"/>).</summary>
    internal IEnumerable<Batch> Batches(int epoch, int batchSize, Device device)
    {
        if (Memory is { } memory && Rows is not null) return RowsInOrder(memory, batchSize, device);
        return Source.Batches(epoch, batchSize, device);
    }

    private IEnumerable<Batch> RowsInOrder(TensorDataset memory, int batchSize, Device device)
    {
        using var iterator = new BatchIterator(memory, batchSize, device, rows: Rows);
        for (int b = 0; b < iterator.BatchCount; b++) yield return iterator.GetBatch(b);
    }
}
