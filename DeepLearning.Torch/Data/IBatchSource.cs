using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Samples that hand out mini-batches, whether held in memory (<see cref="TensorDataset"/>, batches in row order) or
/// streamed from a file larger than memory (<see cref="Hdf5Dataset"/>, batches in its own seeded order).
/// <c>Trainer.Fit</c>, <c>Evaluate</c> and <c>Predict</c> take either.
/// </summary>
/// <remarks>
/// The batches of an epoch depend only on the source and the epoch number, so a run that repeats an epoch (a resume from
/// the checkpoint of the epoch before) sees the same batches. Each batch is created in the dispose scope current when it
/// is enumerated; stopping an enumeration early releases what it holds.
/// </remarks>
public interface IBatchSource
{
    /// <summary>Number of samples N.</summary>
    long Count { get; }

    /// <summary>Number of input tensors of each batch (<see cref="Batch.Inputs"/>).</summary>
    int InputCount { get; }

    /// <summary>Number of label tensors of each batch (<see cref="Batch.LabelTensors"/>); 0 when unlabelled.</summary>
    int LabelCount { get; }

    /// <summary>Whether the batches of an epoch come in a shuffled order rather than in row order.</summary>
    bool Shuffles { get; }

    /// <summary>The batches of <paramref name="epoch"/> from batch <paramref name="startBatch"/> on.</summary>
    /// <param name="epoch">Epoch number, from 1; a shuffling source draws its order from it.</param>
    /// <param name="batchSize">Samples per batch (the last batch may be smaller), at least 1.</param>
    /// <param name="device">Device of the batches; <c>null</c> for the CPU.</param>
    /// <param name="startBatch">First batch to hand out.</param>
    /// <returns>The batches, created lazily.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    IEnumerable<Batch> Batches(int epoch, int batchSize, Device? device = null, int startBatch = 0);
}
