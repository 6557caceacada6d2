namespace DeepLearning.Torch.Layers;

/// <summary>
/// The options shared by <see cref="Conv1D"/> and <see cref="Conv2D"/> (Keras' base convolution): filters, padding,
/// dilation and groups, on top of the weighted-layer options; the kernel and strides are the subclasses' own.
/// </summary>
public abstract record ConvolutionLayer : WeightedLayer
{
    private protected ConvolutionLayer(int filters, PaddingMode padding, int dilation, int groups,
        Activation? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer)
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Filters = filters; Padding = padding; Dilation = dilation; Groups = groups;
    }

    /// <summary>Number of output channels.</summary>
    // JSON writes a type's own properties before its base's: this keeps "filters" before the subclasses' "kernel".
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public int Filters { get; init; }
    /// <summary>Valid or Same.</summary>
    public PaddingMode Padding { get; init; }
    /// <summary>Spacing of kernel taps.</summary>
    public int Dilation { get; init; }
    /// <summary>Channel groups; divides the input channels and <see cref="Filters"/>.</summary>
    public int Groups { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ValidateGeometry(where);
        Activation?.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => Spec(Single(inputs), where).OutputShape;

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ConvModule(name, Spec(Single(inputs), name).Conv, context);

    /// <summary>The resolved convolution and output shape for one input shape.</summary>
    private protected abstract (ConvSpec Conv, Shape OutputShape) Spec(Shape input, string where);

    /// <summary>Checks filters, kernel, strides, dilation and groups.</summary>
    private protected abstract void ValidateGeometry(string where);

    /// <summary>
    /// The spec of a convolution over the spatial dimensions of <paramref name="input"/> (channels first), with one
    /// kernel size and stride per spatial dimension.
    /// </summary>
    private protected (ConvSpec Conv, Shape OutputShape) SpatialSpec(Shape input, string where, string expected, string[] what, int[] kernel, int[] strides)
    {
        ConvGeometry.RequireRank(input, what.Length + 1, where, expected);
        if (input[0] % Groups != 0) throw new ModelBuildException($"{where}: input channels {input[0]} are not divisible by groups {Groups}.");
        var axes = what.Select((w, i) => ConvGeometry.Compute(input[i + 1], kernel[i], strides[i], Dilation, Padding, where, w)).ToArray();
        var spec = new ConvSpec(input[0], Filters, kernel, strides, [.. axes.Select(_ => Dilation)],
            Groups, axes, UseBias, Activation, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer);
        return (spec, new Shape([Filters, .. axes.Select(a => a.Output)]));
    }
}
