using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// One mini-batch gathered by <see cref="BatchIterator"/>, already on the target device.
/// </summary>
/// <remarks>
/// The tensors are created in the dispose scope that is current when the batch is gathered (the trainer opens
/// one scope per batch), so they are freed with that scope; without a scope, dispose the batch.
/// A batch of a multi-input dataset is made with the <see cref="Batch(int, IReadOnlyList{Tensor}, Tensor?, Tensor?)"/>
/// constructor; <see cref="Features"/> is then its first input.
/// </remarks>
/// <param name="Index">Position of the batch within the epoch, from 0.</param>
/// <param name="Features">Features, shape [B, ...] (the first input of a multi-input batch).</param>
/// <param name="Labels">Targets, shape [B, ...], or <c>null</c>.</param>
/// <param name="Weights">Per-sample weights, shape [B], or <c>null</c>.</param>
public sealed record Batch(int Index, Tensor Features, Tensor? Labels, Tensor? Weights) : IDisposable
{
    /// <summary>Creates a batch with one tensor per input of the dataset (the same rows of each).</summary>
    /// <param name="index">Position of the batch within the epoch, from 0.</param>
    /// <param name="inputs">One tensor [B, ...] per input, in the dataset's order; at least one.</param>
    /// <param name="labels">Targets, shape [B, ...], or <c>null</c>.</param>
    /// <param name="weights">Per-sample weights, shape [B], or <c>null</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is empty.</exception>
    public Batch(int index, IReadOnlyList<Tensor> inputs, Tensor? labels, Tensor? weights)
        : this(index, FirstOf(inputs), labels, weights)
    {
        Inputs = inputs.ToArray();
    }

    /// <summary>
    /// The batch of every input, in the dataset's order; for a single-input batch just <see cref="Features"/>.
    /// </summary>
    public IReadOnlyList<Tensor> Inputs { get; init; } = [Features];

    /// <summary>
    /// The batch of every label tensor of the dataset (<see cref="TensorDataset.LabelTensors"/>): one per output of a
    /// several-output model; for an ordinary batch just <see cref="Labels"/> (empty without labels).
    /// </summary>
    public IReadOnlyList<Tensor> LabelTensors { get; init; } = Labels is null ? [] : [Labels];

    /// <summary>Number of samples B in the batch.</summary>
    public long Count => Features.shape[0];

    /// <summary>Disposes the batch tensors.</summary>
    public void Dispose()
    {
        foreach (var input in Inputs) input.Dispose();
        if (!Inputs.Any(input => ReferenceEquals(input, Features))) Features.Dispose();
        foreach (var label in LabelTensors) label.Dispose();
        if (Labels is not null && !LabelTensors.Any(label => ReferenceEquals(label, Labels))) Labels.Dispose();
        Weights?.Dispose();
    }

    private static Tensor FirstOf(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
            throw new ArgumentException("A batch needs at least one input tensor; got none.", nameof(inputs));
        return inputs[0];
    }
}
