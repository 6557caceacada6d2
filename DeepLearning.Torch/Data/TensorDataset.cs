using DeepLearning.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Samples held as whole tensors: features (first dimension = sample), optional labels and optional
/// per-sample weights. Batching gathers rows with <c>index_select</c> (see <see cref="BatchIterator"/>).
/// </summary>
/// <remarks>
/// Ownership: a dataset built with the constructor references the caller's tensors and does not dispose
/// them. A dataset returned by <see cref="Subset"/> owns the gathered tensors and disposes them in
/// <see cref="Dispose"/>. Tensors are detached from any dispose scope so that batch scopes never free them.
/// </remarks>
public sealed class TensorDataset : IDisposable
{
    private readonly bool _ownsTensors;
    private bool _disposed;

    /// <summary>Creates a dataset over <paramref name="features"/> with optional labels and weights.</summary>
    /// <param name="features">Features, shape [N, ...].</param>
    /// <param name="labels">Targets, shape [N, ...] (class indices, one-hot rows or regression values), or <c>null</c>.</param>
    /// <param name="weights">Per-sample weights, shape [N], or <c>null</c> for unit weights.</param>
    /// <exception cref="ArgumentException">A tensor is scalar or the sample counts differ.</exception>
    public TensorDataset(Tensor features, Tensor? labels = null, Tensor? weights = null)
        : this(features, labels, weights, ownsTensors: false)
    {
    }

    private TensorDataset(Tensor features, Tensor? labels, Tensor? weights, bool ownsTensors)
    {
        ArgumentNullException.ThrowIfNull(features);
        TorchRuntime.EnsureLoaded();
        if (features.dim() < 1)
            throw new ArgumentException("Features must have a sample dimension (shape [N, ...]); got a scalar.", nameof(features));
        long n = features.shape[0];
        if (labels is not null && (labels.dim() < 1 || labels.shape[0] != n))
            throw new ArgumentException($"Labels must have {n} rows like the features; got shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (weights is not null && (weights.dim() != 1 || weights.shape[0] != n))
            throw new ArgumentException($"Weights must have shape [{n}]; got shape [{string.Join(", ", weights.shape)}].", nameof(weights));
        Features = features;
        Labels = labels;
        Weights = weights;
        _ownsTensors = ownsTensors;
        if (ownsTensors)
        {
            features.DetachFromDisposeScope();
            labels?.DetachFromDisposeScope();
            weights?.DetachFromDisposeScope();
        }
    }

    /// <summary>Features, shape [N, ...].</summary>
    public Tensor Features { get; }

    /// <summary>Targets, shape [N, ...], or <c>null</c> for an unlabelled dataset.</summary>
    public Tensor? Labels { get; }

    /// <summary>Per-sample weights, shape [N], or <c>null</c> (all weights 1).</summary>
    public Tensor? Weights { get; }

    /// <summary>Number of samples N.</summary>
    public long Count => Features.shape[0];

    /// <summary>
    /// A new dataset holding the samples at <paramref name="indices"/> (in that order); it owns copies of the rows.
    /// </summary>
    /// <param name="indices">Sample indices, each in [0, <see cref="Count"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public TensorDataset Subset(IReadOnlyList<long> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < indices.Count; i++)
        {
            if (indices[i] < 0 || indices[i] >= Count)
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"Index {indices[i]} at position {i} is outside [0, {Count}).");
        }
        using var scope = NewDisposeScope();
        using var index = tensor(indices.ToArray(), dtype: ScalarType.Int64);
        var features = Gather(Features, index);
        var labels = Labels is null ? null : Gather(Labels, index);
        var weights = Weights is null ? null : Gather(Weights, index);
        return new TensorDataset(features, labels, weights, ownsTensors: true);
    }

    private static Tensor Gather(Tensor source, Tensor index)
    {
        using var onDevice = index.to(source.device);
        return source.index_select(0, onDevice);
    }

    /// <summary>Disposes the tensors this dataset owns (those of a <see cref="Subset"/>); a no-op otherwise.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_ownsTensors) return;
        Features.Dispose();
        Labels?.Dispose();
        Weights?.Dispose();
    }
}
