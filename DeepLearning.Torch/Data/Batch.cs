using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// One mini-batch gathered by <see cref="BatchIterator"/>, already on the target device.
/// </summary>
/// <remarks>
/// The tensors are created in the dispose scope that is current when the batch is gathered (the trainer opens
/// one scope per batch), so they are freed with that scope; without a scope, dispose the batch.
/// </remarks>
/// <param name="Index">Position of the batch within the epoch, from 0.</param>
/// <param name="Features">Features, shape [B, ...].</param>
/// <param name="Labels">Targets, shape [B, ...], or <c>null</c>.</param>
/// <param name="Weights">Per-sample weights, shape [B], or <c>null</c>.</param>
public sealed record Batch(int Index, Tensor Features, Tensor? Labels, Tensor? Weights) : IDisposable
{
    /// <summary>Number of samples B in the batch.</summary>
    public long Count => Features.shape[0];

    /// <summary>Disposes the batch tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        Labels?.Dispose();
        Weights?.Dispose();
    }
}
