namespace DeepLearning.Torch.Layers;

/// <summary>
/// The options shared by <see cref="DepthwiseConv2D"/> and <see cref="SeparableConv2D"/>: the depthwise step's
/// square kernel, strides, padding, kernels per input channel and dilation, on top of the weighted-layer options.
/// </summary>
public abstract record DepthwiseConvolutionLayer : WeightedLayer
{
    private protected DepthwiseConvolutionLayer(int kernel, int strides, PaddingMode padding, int depthMultiplier, int dilation,
        Activation? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer)
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Kernel = kernel; Strides = strides; Padding = padding; DepthMultiplier = depthMultiplier; Dilation = dilation;
    }

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

}
