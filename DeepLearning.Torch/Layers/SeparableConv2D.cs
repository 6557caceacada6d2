using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A depthwise-separable 2D convolution: a depthwise convolution (one set of <see cref="DepthwiseConvolutionLayer.DepthMultiplier"/> kernels per
/// channel, no bias) followed by a 1×1 pointwise convolution to <see cref="Filters"/> channels with bias and activation.
/// Parameters <c>depthwise.weight</c>, <c>pointwise.weight</c>, <c>pointwise.bias</c>; the kernel initializer and
/// regularizer apply to both kernels.
/// </summary>
public sealed record SeparableConv2D : DepthwiseConvolutionLayer
{
    /// <summary>Creates the description.</summary>
    /// <param name="filters">Number of output channels; positive.</param>
    /// <param name="kernel">Depthwise kernel height and width; positive.</param>
    /// <param name="strides">Step. <value>Default 1.</value></param>
    /// <param name="padding">Valid or Same. <value>Default Valid.</value></param>
    /// <param name="depthMultiplier">Depthwise kernels per input channel. <value>Default 1.</value></param>
    /// <param name="dilation">Spacing of kernel taps. <value>Default 1.</value></param>
    /// <param name="activation">Activation of the output. <value>Default none.</value></param>
    /// <param name="useBias">Whether to add a bias. <value>Default true.</value></param>
    /// <param name="kernelInitializer">Initializer of both kernels. <value>Default: the model's preset.</value></param>
    /// <param name="biasInitializer">Bias initializer. <value>Default: the model's preset.</value></param>
    /// <param name="kernelRegularizer">Penalty on both kernels. <value>Default none.</value></param>
    /// <param name="biasRegularizer">Penalty on the bias. <value>Default none.</value></param>
    /// <exception cref="ModelBuildException">An option is out of range.</exception>
    public SeparableConv2D(int filters, int kernel, int strides = 1, PaddingMode padding = PaddingMode.Valid, int depthMultiplier = 1, int dilation = 1,
        Activation? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null)
        : base(kernel, strides, padding, depthMultiplier, dilation, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Filters = filters;
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.ValidateConv(where, Filters, Kernel, Strides, Dilation, 1);
        ConvGeometry.RequirePositive(DepthMultiplier, "depthMultiplier", where);
        Activation?.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) =>
        new Shape(Filters, Depthwise().Apply(inputs, where)[1], Depthwise().Apply(inputs, where)[2]);

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape middle = Depthwise().Apply(inputs, name);
        var depthwise = Depthwise().CompileModule("depthwise", inputs, context);
        var pointwise = new Conv2D(Filters, 1, activation: Activation, useBias: UseBias, kernelInitializer: KernelInitializer,
            biasInitializer: BiasInitializer, kernelRegularizer: KernelRegularizer, biasRegularizer: BiasRegularizer)
            .CompileModule("pointwise", [middle], context);
        var module = new BranchModule(name, outputs => outputs[0]);
        module.AddBranch(("depthwise", depthwise), ("pointwise", pointwise));
        return module;
    }

    private DepthwiseConv2D Depthwise() =>
        new(Kernel, Strides, Padding, DepthMultiplier, Dilation, useBias: false, kernelInitializer: KernelInitializer, kernelRegularizer: KernelRegularizer);
}
