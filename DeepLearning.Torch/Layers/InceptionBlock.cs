using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The inception unit (GoogLeNet): parallel 1×1, 3×3 and 5×5 convolutions and a 3×3 max pooling of the same input,
/// concatenated along channels. Optional 1×1 reductions precede the 3×3 and 5×5 convolutions and follow the pooling,
/// as in the original; every convolution uses Same padding, stride 1 and the activation. A branch with 0 filters is
/// left out (a pooling branch with 0 projection filters passes the pooled input through).
/// Submodules: <c>branch1x1</c>, <c>reduce3x3</c>, <c>branch3x3</c>, <c>reduce5x5</c>, <c>branch5x5</c>, <c>pool_projection</c>.
/// </summary>
public sealed record InceptionBlock : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="filters1x1">Filters of the 1×1 branch (0 leaves it out).</param>
    /// <param name="filters3x3">Filters of the 3×3 branch (0 leaves it out).</param>
    /// <param name="filters5x5">Filters of the 5×5 branch (0 leaves it out).</param>
    /// <param name="poolProjection">Filters of the 1×1 convolution after pooling (0: the pooled input itself). <value>Default 0.</value></param>
    /// <param name="reduce3x3">Filters of the 1×1 reduction before the 3×3 convolution (0: none). <value>Default 0.</value></param>
    /// <param name="reduce5x5">Filters of the 1×1 reduction before the 5×5 convolution (0: none). <value>Default 0.</value></param>
    /// <param name="pooling">Whether the pooling branch is present. <value>Default true.</value></param>
    /// <param name="activation">Activation of every convolution. <value>Default relu.</value></param>
    /// <exception cref="ModelBuildException">A filter count is negative, or no branch is left.</exception>
    public InceptionBlock(int filters1x1, int filters3x3, int filters5x5, int poolProjection = 0, int reduce3x3 = 0, int reduce5x5 = 0,
        bool pooling = true, Activation? activation = null)
    {
        Filters1x1 = filters1x1; Filters3x3 = filters3x3; Filters5x5 = filters5x5; PoolProjection = poolProjection;
        Reduce3x3 = reduce3x3; Reduce5x5 = reduce5x5; Pooling = pooling; Activation = activation ?? Activation.Relu;
    }

    /// <summary>Filters of the 1×1 branch.</summary>
    public int Filters1x1 { get; init; }
    /// <summary>Filters of the 3×3 branch.</summary>
    public int Filters3x3 { get; init; }
    /// <summary>Filters of the 5×5 branch.</summary>
    public int Filters5x5 { get; init; }
    /// <summary>Filters of the projection after pooling; 0 passes the pooled input through.</summary>
    public int PoolProjection { get; init; }
    /// <summary>Filters of the reduction before the 3×3 convolution; 0 for none.</summary>
    public int Reduce3x3 { get; init; }
    /// <summary>Filters of the reduction before the 5×5 convolution; 0 for none.</summary>
    public int Reduce5x5 { get; init; }
    /// <summary>Whether the pooling branch is present.</summary>
    public bool Pooling { get; init; }
    /// <summary>Activation of every convolution.</summary>
    public Activation Activation { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        int[] all = [Filters1x1, Filters3x3, Filters5x5, PoolProjection, Reduce3x3, Reduce5x5];
        if (all.Any(f => f < 0)) throw new ModelBuildException($"{where}: filter counts must not be negative, got ({string.Join(", ", all)}).");
        if (Filters1x1 == 0 && Filters3x3 == 0 && Filters5x5 == 0 && !Pooling)
            throw new ModelBuildException($"{where}: every branch is empty.");
        Activation.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        ConvGeometry.RequireRank(Single(inputs), 3, where, "(channels, height, width)");
        Shape input = Single(inputs);
        int pooled = Pooling ? (PoolProjection > 0 ? PoolProjection : input[0]) : 0;
        return new Shape(Filters1x1 + Filters3x3 + Filters5x5 + pooled, input[1], input[2]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        InferShape(inputs, name);
        Shape input = Single(inputs);
        var module = new BranchModule(name, outputs => cat(outputs, 1));
        if (Filters1x1 > 0) module.AddBranch(Step("branch1x1", Filters1x1, 1, input, context));
        if (Filters3x3 > 0) module.AddBranch(Reduced("reduce3x3", Reduce3x3, "branch3x3", Filters3x3, 3, input, context));
        if (Filters5x5 > 0) module.AddBranch(Reduced("reduce5x5", Reduce5x5, "branch5x5", Filters5x5, 5, input, context));
        if (Pooling)
        {
            var pool = new MaxPooling2D(3, 1, PaddingMode.Same).CompileModule("pool", inputs, context);
            module.AddBranch(PoolProjection > 0 ? [(null, pool), Step("pool_projection", PoolProjection, 1, input, context)] : [(null, pool)]);
        }
        return module;
    }

    private (string?, LayerModule) Step(string name, int filters, int kernel, Shape input, BuildContext context) =>
        (name, new Conv2D(filters, kernel, padding: PaddingMode.Same, activation: Activation).CompileModule(name, [input], context));

    private (string?, LayerModule)[] Reduced(string reduceName, int reduce, string name, int filters, int kernel, Shape input, BuildContext context)
    {
        if (reduce == 0) return [Step(name, filters, kernel, input, context)];
        var first = Step(reduceName, reduce, 1, input, context);
        return [first, Step(name, filters, kernel, new Shape(reduce, input[1], input[2]), context)];
    }
}
