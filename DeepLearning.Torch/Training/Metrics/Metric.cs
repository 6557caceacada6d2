using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// A metric accumulated over the batches of an epoch: <see cref="Reset"/>, <see cref="Update"/> per batch,
/// then <see cref="Result"/>. The trainer records it under <see cref="Name"/> and <c>val_</c> + <see cref="Name"/>.
/// </summary>
public abstract class Metric
{
    /// <summary>Key in logs and history, e.g. <c>accuracy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Clears the accumulated state.</summary>
    public abstract void Reset();

    /// <summary>Adds one batch (called with gradients disabled; tensors belong to the batch scope).</summary>
    /// <param name="prediction">Model output [B, ...].</param>
    /// <param name="target">Targets [B, ...].</param>
    /// <param name="weights">Per-sample weights [B], or <c>null</c>.</param>
    public abstract void Update(Tensor prediction, Tensor target, Tensor? weights);

    /// <summary>The value over all batches since <see cref="Reset"/> (NaN when nothing was added).</summary>
    public abstract double Result { get; }

    /// <summary>
    /// Whether <see cref="Result"/> is cheap enough to show after every batch in the progress display. Metrics that
    /// must revisit every sample seen (e.g. <see cref="Auc"/>) return false and are shown at the end of each epoch only.
    /// </summary>
    /// <value>Default true.</value>
    public virtual bool ReportedPerBatch => true;

    /// <summary>
    /// Set by the trainer for the length of a run: the library's metrics then check target values (class indices, 0/1
    /// targets) on the device, without reading them back per batch, and throw at <see cref="Result"/> (the epoch's end)
    /// instead of in <see cref="Update"/>. Shape checks stay in <see cref="Update"/>.
    /// </summary>
    internal bool DeferValueChecks { get; set; }
}
