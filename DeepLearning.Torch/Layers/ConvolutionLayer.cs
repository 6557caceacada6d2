namespace DeepLearning.Torch.Layers;

/// <summary>
/// The options shared by <see cref="Conv1D"/> and <see cref="Conv2D"/> (Keras' base convolution): filters, a square
/// kernel, strides, padding, dilation and groups, on top of the weighted-layer options.
/// </summary>
public abstract record ConvolutionLayer : WeightedLayer
{
    private protected ConvolutionLayer(int filters, int kernel, int strides, PaddingMode padding, int dilation, int groups,
        Activation? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer)
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Filters = filters; Kernel = kernel; Strides = strides; Padding = padding; Dilation = dilation; Groups = groups;
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; init; }
    /// <summary>Kernel size along every spatial dimension.</summary>
    public int Kernel { get; init; }
    /// <summary>Step along every spatial dimension.</summary>
    public int Strides { get; init; }
    /// <summary>Valid or Same.</summary>
    public PaddingMode Padding { get; init; }
    /// <summary>Spacing of kernel taps.</summary>
    public int Dilation { get; init; }
    /// <summary>Channel groups; divides the input channels and <see cref="Filters"/>.</summary>
    public int Groups { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.ValidateConv(where, Filters, Kernel, Strides, Dilation, Groups);
        Activation?.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => Spec(Single(inputs), where).OutputShape;

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ConvModule(name, Spec(Single(inputs), name).Conv, context);

    /// <summary>The resolved convolution and output shape for one input shape.</summary>
    private protected abstract (ConvSpec Conv, Shape OutputShape) Spec(Shape input, string where);

    /// <summary>The spec of a convolution over the spatial dimensions of <paramref name="input"/> (channels first).</summary>
    private protected (ConvSpec Conv, Shape OutputShape) SpatialSpec(Shape input, string where, string expected, string[] what)
    {
        ConvGeometry.RequireRank(input, what.Length + 1, where, expected);
        if (input[0] % Groups != 0) throw new ModelBuildException($"{where}: input channels {input[0]} are not divisible by groups {Groups}.");
        var axes = what.Select((w, i) => ConvGeometry.Compute(input[i + 1], Kernel, Strides, Dilation, Padding, where, w)).ToArray();
        var spec = new ConvSpec(input[0], Filters, [.. axes.Select(_ => Kernel)], [.. axes.Select(_ => Strides)], [.. axes.Select(_ => Dilation)],
            Groups, axes, UseBias, Activation, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer);
        return (spec, new Shape([Filters, .. axes.Select(a => a.Output)]));
    }
}
