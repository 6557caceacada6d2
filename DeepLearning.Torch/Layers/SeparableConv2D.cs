using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A depthwise-separable 2D convolution: a depthwise convolution (one set of <see cref="DepthMultiplier"/> kernels per
/// channel, no bias) followed by a 1×1 pointwise convolution to <see cref="Filters"/> channels with bias and activation.
/// Parameters <c>depthwise.weight</c>, <c>pointwise.weight</c>, <c>pointwise.bias</c>; the kernel initializer and
/// regularizer apply to both kernels.
/// </summary>
public sealed record SeparableConv2D : WeightedLayer
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
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Filters = filters; Kernel = kernel; Strides = strides; Padding = padding; DepthMultiplier = depthMultiplier; Dilation = dilation;
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; init; }
    /// <summary>Depthwise kernel height and width.</summary>
    public int Kernel { get; init; }
    /// <summary>Step.</summary>
    public int Strides { get; init; }
    /// <summary>Valid or Same.</summary>
    public PaddingMode Padding { get; init; }
    /// <summary>Depthwise kernels per input channel.</summary>
    public int DepthMultiplier { get; init; }
    /// <summary>Spacing of kernel taps.</summary>
    public int Dilation { get; init; }

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
        return new Chain(name, depthwise, pointwise);
    }

    private DepthwiseConv2D Depthwise() =>
        new(Kernel, Strides, Padding, DepthMultiplier, Dilation, useBias: false, kernelInitializer: KernelInitializer, kernelRegularizer: KernelRegularizer);

    /// <summary>Two compiled layers applied one after the other.</summary>
    private sealed class Chain : SingleInputModule
    {
        private readonly LayerModule first;
        private readonly LayerModule second;

        public Chain(string name, LayerModule first, LayerModule second) : base(name)
        {
            this.first = first;
            this.second = second;
            register_module("depthwise", first);
            register_module("pointwise", second);
        }

        public override Tensor Forward(Tensor input)
        {
            using var middle = first.Forward([input]);
            return second.Forward([middle]);
        }

        public override Tensor? RegularizationLoss() => Sum(first.RegularizationLoss(), second.RegularizationLoss());
    }
}
