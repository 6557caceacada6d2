namespace DeepLearning.Torch.Layers;

/// <summary>
/// A 1D convolution on inputs of shape (C, L) giving (filters, L'), e.g. along a list of jet constituents.
/// Parameters are <c>weight</c> (filters, C / groups, k) and <c>bias</c> (filters), as in torch's Conv1d.
/// </summary>
public sealed record Conv1D : WeightedLayer
{
    /// <summary>Creates the description.</summary>
    /// <param name="filters">Number of output channels; positive.</param>
    /// <param name="kernel">Kernel length; positive.</param>
    /// <param name="strides">Step. <value>Default 1.</value></param>
    /// <param name="padding">Valid or Same. <value>Default Valid.</value></param>
    /// <param name="dilation">Spacing of kernel taps. <value>Default 1.</value></param>
    /// <param name="groups">Channel groups. <value>Default 1.</value></param>
    /// <param name="activation">Activation of the output. <value>Default none.</value></param>
    /// <param name="useBias">Whether to add a bias. <value>Default true.</value></param>
    /// <param name="kernelInitializer">Weight initializer. <value>Default: the model's preset.</value></param>
    /// <param name="biasInitializer">Bias initializer. <value>Default: the model's preset.</value></param>
    /// <param name="kernelRegularizer">Penalty on the weights. <value>Default none.</value></param>
    /// <param name="biasRegularizer">Penalty on the bias. <value>Default none.</value></param>
    /// <exception cref="ModelBuildException">An option is out of range.</exception>
    public Conv1D(int filters, int kernel, int strides = 1, PaddingMode padding = PaddingMode.Valid, int dilation = 1, int groups = 1,
        Activation? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null)
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Filters = filters; Kernel = kernel; Strides = strides; Padding = padding; Dilation = dilation; Groups = groups;
        ValidateOnCreate();
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; init; }
    /// <summary>Kernel length.</summary>
    public int Kernel { get; init; }
    /// <summary>Step.</summary>
    public int Strides { get; init; }
    /// <summary>Valid or Same.</summary>
    public PaddingMode Padding { get; init; }
    /// <summary>Spacing of kernel taps.</summary>
    public int Dilation { get; init; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; init; }

    internal override void Validate(string where)
    {
        ConvGeometry.ValidateConv(where, Filters, Kernel, Strides, Dilation, Groups);
        Activation?.Validate(where);
    }

    internal override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => Spec(Single(inputs), where).OutputShape;

    internal override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ConvModule(name, Spec(Single(inputs), name).Conv, context);

    private (ConvSpec Conv, Shape OutputShape) Spec(Shape input, string where)
    {
        ConvGeometry.RequireRank(input, 2, where, "(channels, length)");
        if (input[0] % Groups != 0) throw new ModelBuildException($"{where}: input channels {input[0]} are not divisible by groups {Groups}.");
        var l = ConvGeometry.Compute(input[1], Kernel, Strides, Dilation, Padding, where, "kernel");
        var spec = new ConvSpec(input[0], Filters, [Kernel], [Strides], [Dilation], Groups, [l],
            UseBias, Activation, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer);
        return (spec, new Shape(Filters, l.Output));
    }
}
