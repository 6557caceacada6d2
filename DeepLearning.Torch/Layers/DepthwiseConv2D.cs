namespace DeepLearning.Torch.Layers;

/// <summary>
/// A depthwise 2D convolution: each input channel is convolved with its own <see cref="DepthwiseConvolutionLayer.DepthMultiplier"/> kernels
/// (torch: Conv2d with groups = C). Input (C, H, W), output (C · multiplier, H', W'); parameters <c>weight</c>
/// (C · multiplier, 1, k, k) and <c>bias</c>.
/// </summary>
public sealed record DepthwiseConv2D : DepthwiseConvolutionLayer
{
    /// <summary>Creates the description.</summary>
    /// <param name="kernel">Kernel height and width; positive.</param>
    /// <param name="strides">Step. <value>Default 1.</value></param>
    /// <param name="padding">Valid or Same. <value>Default Valid.</value></param>
    /// <param name="depthMultiplier">Kernels per input channel. <value>Default 1.</value></param>
    /// <param name="dilation">Spacing of kernel taps. <value>Default 1.</value></param>
    /// <param name="activation">Activation of the output. <value>Default none.</value></param>
    /// <param name="useBias">Whether to add a bias. <value>Default true.</value></param>
    /// <param name="kernelInitializer">Weight initializer. <value>Default: the model's preset.</value></param>
    /// <param name="biasInitializer">Bias initializer. <value>Default: the model's preset.</value></param>
    /// <param name="kernelRegularizer">Penalty on the weights. <value>Default none.</value></param>
    /// <param name="biasRegularizer">Penalty on the bias. <value>Default none.</value></param>
    /// <exception cref="ModelBuildException">An option is out of range.</exception>
    public DepthwiseConv2D(int kernel, int strides = 1, PaddingMode padding = PaddingMode.Valid, int depthMultiplier = 1, int dilation = 1,
        Activation? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null)
        : base(kernel, strides, padding, depthMultiplier, dilation, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
    }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.ValidateConv(where, DepthMultiplier, Kernel, Strides, Dilation, 1);
        Activation?.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => Spec(Single(inputs), where).OutputShape;

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new ConvModule(name, Spec(Single(inputs), name).Conv, context);

    private (ConvSpec Conv, Shape OutputShape) Spec(Shape input, string where)
    {
        ConvGeometry.RequireRank(input, 3, where, "(channels, height, width)");
        var h = ConvGeometry.Compute(input[1], Kernel, Strides, Dilation, Padding, where, "kernel height");
        var w = ConvGeometry.Compute(input[2], Kernel, Strides, Dilation, Padding, where, "kernel width");
        int outChannels = input[0] * DepthMultiplier;
        var spec = new ConvSpec(input[0], outChannels, [Kernel, Kernel], [Strides, Strides], [Dilation, Dilation], input[0], [h, w],
            UseBias, Activation, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer);
        return (spec, new Shape(outChannels, h.Output, w.Output));
    }
}
