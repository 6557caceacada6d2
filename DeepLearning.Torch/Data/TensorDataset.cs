using DeepLearning.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Samples held as whole tensors: one or several input tensors (first dimension = sample), optional labels and
/// optional per-sample weights. Batching gathers rows with <c>index_select</c> (see <see cref="BatchIterator"/>).
/// </summary>
/// <remarks>
/// <para>
/// Several inputs (Keras' <c>model.fit([x1, x2], y)</c>): <c>new TensorDataset([x1, x2], y)</c>. <see cref="Inputs"/> lists
/// them in the order the model takes them; <see cref="Features"/> is the first (for a single-input dataset, the only) one.
/// Every subset, split and batch gathers the same rows from every input, so samples stay aligned.
/// </para>
/// <para>
/// Ownership: a dataset built with a constructor references the caller's tensors and does not dispose
/// them. A dataset returned by <see cref="Subset"/> owns the gathered tensors and disposes them in
/// <see cref="Dispose"/>. Tensors are detached from any dispose scope so that batch scopes never free them.
/// </para>
/// </remarks>
public sealed class TensorDataset : IBatchSource, IDisposable
{
    private readonly bool _ownsTensors;
    private bool _disposed;

    /// <summary>Creates a dataset over <paramref name="features"/> with optional labels and weights.</summary>
    /// <param name="features">Features, shape [N, ...].</param>
    /// <param name="labels">Targets, shape [N, ...] (class indices, one-hot rows or regression values), or <c>null</c>.</param>
    /// <param name="weights">Per-sample weights, shape [N], or <c>null</c> for unit weights.</param>
    /// <exception cref="ArgumentException">A tensor is scalar or the sample counts differ.</exception>
    public TensorDataset(Tensor features, Tensor? labels = null, Tensor? weights = null)
        : this([features ?? throw new ArgumentNullException(nameof(features))], labels is null ? [] : [labels], null, weights, ownsTensors: false, nameof(features))
    {
    }

    /// <summary>
    /// Creates a dataset whose samples have several inputs (for a model with several <c>Input</c>s, e.g. an image and a
    /// vector of high-level features), with optional labels and weights.
    /// </summary>
    /// <param name="inputs">The inputs in the order the model takes them, each of shape [N, ...] with the same N; at least one.</param>
    /// <param name="labels">Targets, shape [N, ...], or <c>null</c>.</param>
    /// <param name="weights">Per-sample weights, shape [N], or <c>null</c> for unit weights.</param>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is empty or holds a null or scalar tensor, or an input,
    /// the labels or the weights have another number of rows than input 0 (the message names which).</exception>
    public TensorDataset(IReadOnlyList<Tensor> inputs, Tensor? labels = null, Tensor? weights = null)
        : this(CopyInputs(inputs), labels is null ? [] : [labels], null, weights, ownsTensors: false, nameof(inputs))
    {
    }

    /// <summary>
    /// Creates a dataset for a model with several outputs (Keras' <c>model.fit(x, [y1, y2])</c>): one label tensor per
    /// output, in the model's output order.
    /// </summary>
    /// <param name="inputs">The inputs in the order the model takes them, each [N, ...]; <c>[x]</c> for one input.</param>
    /// <param name="labels">One target tensor [N, ...] per model output, in output order; at least one.</param>
    /// <param name="weights">Per-sample weights [N] applied to every output's loss, or <c>null</c>.</param>
    /// <exception cref="ArgumentException">A list is empty or holds a null or scalar tensor, or a tensor has another
    /// number of rows than input 0.</exception>
    public TensorDataset(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> labels, Tensor? weights = null)
        : this(CopyInputs(inputs), CopyLabels(labels), null, weights, ownsTensors: false, nameof(inputs))
    {
    }

    /// <summary>
    /// Creates a dataset for a model with several outputs (Keras' <c>model.fit(x, {"class": y1, "mass": y2})</c>): label
    /// tensors keyed by output name (a <see cref="Models.Model"/>'s output layer names).
    /// </summary>
    /// <param name="inputs">The inputs in the order the model takes them, each [N, ...]; <c>[x]</c> for one input.</param>
    /// <param name="labels">Target tensors [N, ...] keyed by output name; at least one.</param>
    /// <param name="weights">Per-sample weights [N] applied to every output's loss, or <c>null</c>.</param>
    /// <exception cref="ArgumentException">A collection is empty or holds a null or scalar tensor, a name is empty, or a
    /// tensor has another number of rows than input 0.</exception>
    public TensorDataset(IReadOnlyList<Tensor> inputs, IReadOnlyDictionary<string, Tensor> labels, Tensor? weights = null)
        : this(CopyInputs(inputs), CopyLabels(labels?.Values.ToArray()!), LabelKeys(labels!), weights, ownsTensors: false, nameof(inputs))
    {
    }

    private TensorDataset(Tensor[] inputs, Tensor[] labels, string[]? labelNames, Tensor? weights, bool ownsTensors, string inputsName)
    {
        TorchRuntime.EnsureLoaded();
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].dim() < 1)
                throw new ArgumentException(inputs.Length == 1
                    ? "Features must have a sample dimension (shape [N, ...]); got a scalar."
                    : $"Input {i} must have a sample dimension (shape [N, ...]); got a scalar.", inputsName);
        }
        long n = inputs[0].shape[0];
        for (int i = 1; i < inputs.Length; i++)
        {
            if (inputs[i].shape[0] != n)
                throw new ArgumentException(
                    $"Input {i} has {inputs[i].shape[0]} rows but input 0 has {n}; all inputs need one row per sample (shape [{Shape(inputs[i])}]).", inputsName);
        }
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i].dim() < 1 || labels[i].shape[0] != n)
                throw new ArgumentException(labels.Length == 1
                    ? $"Labels must have {n} rows like the features; got shape [{Shape(labels[i])}]."
                    : $"Label tensor {LabelName(labelNames, i)} must have {n} rows like the features; got shape [{Shape(labels[i])}].", nameof(labels));
        }
        if (weights is not null && (weights.dim() != 1 || weights.shape[0] != n))
            throw new ArgumentException($"Weights must have shape [{n}]; got shape [{Shape(weights)}].", nameof(weights));
        Inputs = Array.AsReadOnly(inputs);
        LabelTensors = Array.AsReadOnly(labels);
        LabelNames = labelNames is null ? null : Array.AsReadOnly(labelNames);
        Weights = weights;
        _ownsTensors = ownsTensors;
        if (ownsTensors)
        {
            foreach (var input in inputs) input.DetachFromDisposeScope();
            foreach (var label in labels) label.DetachFromDisposeScope();
            weights?.DetachFromDisposeScope();
        }
    }

    /// <summary>The inputs, in the order the model takes them, each of shape [N, ...]; one element for a single-input dataset.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>Number of inputs (1 unless built from several tensors).</summary>
    public int InputCount => Inputs.Count;

    /// <summary>Features, shape [N, ...]: the only input of a single-input dataset, the first of <see cref="Inputs"/> otherwise.</summary>
    public Tensor Features => Inputs[0];

    /// <summary>
    /// Targets, shape [N, ...], or <c>null</c> for an unlabelled dataset; for a dataset with several label tensors the
    /// first of <see cref="LabelTensors"/>.
    /// </summary>
    public Tensor? Labels => LabelTensors.Count > 0 ? LabelTensors[0] : null;

    /// <summary>
    /// Every label tensor: one per model output for a several-output model (in output order, or in the order of
    /// <see cref="LabelNames"/>), one for an ordinary labelled dataset, none for an unlabelled one.
    /// </summary>
    public IReadOnlyList<Tensor> LabelTensors { get; }

    /// <summary>The output name of each of <see cref="LabelTensors"/> when the labels were given keyed by output, else <c>null</c>.</summary>
    public IReadOnlyList<string>? LabelNames { get; }

    /// <summary>Per-sample weights, shape [N], or <c>null</c> (all weights 1).</summary>
    public Tensor? Weights { get; }

    /// <summary>Number of samples N.</summary>
    public long Count => Features.shape[0];

    /// <inheritdoc/>
    public int LabelCount => LabelTensors.Count;

    /// <summary>Always <c>false</c>: <see cref="Batches"/> hands out rows in order (the trainer shuffles a
    /// <see cref="TensorDataset"/> itself, with <see cref="BatchIterator"/> and its seeded generator).</summary>
    public bool Shuffles => false;

    /// <summary>The batches of rows in order, as an unshuffled <see cref="BatchIterator"/> gathers them (the same for every epoch).</summary>
    /// <param name="epoch">Epoch number, from 1 (the order does not depend on it).</param>
    /// <param name="batchSize">Samples per batch, at least 1.</param>
    /// <param name="device">Device of the batches; <c>null</c> for the CPU.</param>
    /// <param name="startBatch">First batch to hand out.</param>
    /// <returns>The batches, created lazily in the current dispose scope.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public IEnumerable<Batch> Batches(int epoch, int batchSize, Device? device = null, int startBatch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(startBatch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return InOrder(batchSize, device ?? CPU, startBatch);
    }

    private IEnumerable<Batch> InOrder(int batchSize, Device device, int startBatch)
    {
        using var iterator = new BatchIterator(this, batchSize, device);
        for (int b = startBatch; b < iterator.BatchCount; b++) yield return iterator.GetBatch(b);
    }

    /// <summary>
    /// A new dataset holding the samples at <paramref name="indices"/> (in that order), the same rows of every input; it owns
    /// copies of the rows.
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
        var inputs = Inputs.Select(input => Gather(input, index)).ToArray();
        var labels = LabelTensors.Select(label => Gather(label, index)).ToArray();
        var weights = Weights is null ? null : Gather(Weights, index);
        return new TensorDataset(inputs, labels, LabelNames?.ToArray(), weights, ownsTensors: true, nameof(Inputs));
    }

    private static Tensor[] CopyInputs(IReadOnlyList<Tensor> inputs) =>
        Copy(inputs, "A dataset needs at least one input tensor; got none.", "Input", nameof(inputs));

    private static Tensor[] CopyLabels(IReadOnlyList<Tensor>? labels) =>
        Copy(labels, "Give at least one label tensor (one per model output); got none.", "Label tensor", nameof(labels));

    /// <summary>A copy of a non-empty list of tensors without nulls; the messages name the list's items.</summary>
    private static Tensor[] Copy(IReadOnlyList<Tensor>? tensors, string empty, string item, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensors, paramName);
        if (tensors.Count == 0) throw new ArgumentException(empty, paramName);
        var copy = tensors.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null) throw new ArgumentException($"{item} {i} is null.", paramName);
        }
        return copy;
    }

    private static string[] LabelKeys(IReadOnlyDictionary<string, Tensor> labels)
    {
        var names = labels.Keys.ToArray();
        if (names.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("Label tensors are keyed by output name; a key is empty.", nameof(labels));
        return names;
    }

    private static string LabelName(string[]? names, int i) => names is null ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"'{names[i]}'";

    private static string Shape(Tensor t) => string.Join(", ", t.shape);

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
        foreach (var input in Inputs) input.Dispose();
        foreach (var label in LabelTensors) label.Dispose();
        Weights?.Dispose();
    }
}
