using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The options shared by <see cref="GlobalAveragePooling1D"/> and <see cref="GlobalMaxPooling1D"/>: they reduce
/// samples of rank 2 over one <see cref="Axis"/>. The default, axis 0, pools the rows of (steps, features) samples —
/// particles of a jet, time steps of a sequence — to (features,), as Keras' 1D pooling does over steps; axis 1 pools
/// the length of a Conv1D output (channels, length) to (channels,). An optional second input, a padding mask of the
/// pooled axis ((steps,) of bool, true = real, e.g. from <see cref="Masking"/>), leaves padding out: padded rows then
/// change nothing, and a sample with no real row pools to zeros.
/// </summary>
public abstract record GlobalPooling1D : Layer
{
    private protected GlobalPooling1D(int axis)
    {
        Axis = axis;
    }

    /// <summary>The sample axis pooled over (batch excluded): 0 the rows (steps, particles), 1 the columns; −1 counts from the end.</summary>
    public int Axis { get; init; }

    /// <summary>Pools <paramref name="input"/> over <paramref name="dim"/>; <paramref name="mask"/>, broadcastable to the
    /// input, is true for the rows taken (or null for all).</summary>
    private protected abstract Tensor Pool(Tensor input, long dim, Tensor? mask);

    /// <summary>The sum over <paramref name="dim"/> of the rows where <paramref name="mask"/> is true.</summary>
    private protected static Tensor MaskedSum(Tensor input, long dim, Tensor mask) => input.masked_fill(mask.logical_not(), 0).sum([dim]);

    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (Axis is < -2 or > 1) throw new ModelBuildException($"{where}: axis must be 0 or 1 (or -1, -2) for (steps, features) samples, got {Axis}.");
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        ConvGeometry.RequireRank(Single(inputs), 2, where, "(steps, features), or (channels, length) with axis 1");
        if (inputs.Count == 2) PaddingMask.Require(inputs[1], Single(inputs)[PooledAxis], where, "row of the pooled axis");
        return new Shape(Single(inputs)[1 - PooledAxis]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name, this, PooledAxis + 1);

    private int PooledAxis => Axis < 0 ? Axis + 2 : Axis;

    private sealed class Module(string name, GlobalPooling1D layer, long dim) : LayerModule(name)
    {
        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            if (inputs.Count == 1) return layer.Pool(inputs[0], dim, null);
            using var scope = NewDisposeScope();
            // (N, steps) becomes (N, steps, 1) for pooling rows, (N, 1, length) for pooling columns.
            Tensor mask = PaddingMask.AsBool(inputs[1]).unsqueeze(3 - dim);
            return layer.Pool(inputs[0], dim, mask).MoveToOuterDisposeScope();
        }
    }
}
