namespace DeepLearning.Torch.Layers;

/// <summary>
/// A 2D convolution on inputs of shape (C, H, W) giving (filters, H', W'). Parameters are <c>weight</c>
/// (filters, C / groups, kh, kw) and <c>bias</c> (filters), as in torch's Conv2d. Kernel and strides may be rectangular:
/// <c>new Conv2D(8, (3, 5), strides: (1, 2))</c>. Padding Same pads as Keras does,
/// also for strided convolutions (the extra row and column go to the bottom and right).
/// </summary>
public sealed record Conv2D : ConvolutionLayer
{
    /// <summary>Creates the description.</summary>
    /// <param name="filters">Number of output channels; positive.</param>
    /// <param name="kernel">Kernel height and width (an int for a square kernel); positive.</param>
    /// <param name="strides">Step along height and width (an int for both). <value>Default 1.</value></param>
    /// <param name="padding">Valid or Same. <value>Default Valid.</value></param>
    /// <param name="dilation">Spacing of kernel taps. <value>Default 1.</value></param>
    /// <param name="groups">Channel groups; divides the input channels and <paramref name="filters"/>. <value>Default 1.</value></param>
    /// <param name="activation">Activation of the output. <value>Default none.</value></param>
    /// <param name="useBias">Whether to add a bias. <value>Default true.</value></param>
    /// <param name="kernelInitializer">Weight initializer. <value>Default: the model's preset.</value></param>
    /// <param name="biasInitializer">Bias initializer. <value>Default: the model's preset.</value></param>
    /// <param name="kernelRegularizer">Penalty on the weights. <value>Default none.</value></param>
    /// <param name="biasRegularizer">Penalty on the bias. <value>Default none.</value></param>
    /// <exception cref="ModelBuildException">An option is out of range.</exception>
    public Conv2D(int filters, Size2D kernel, Size2D? strides = null, PaddingMode padding = PaddingMode.Valid, int dilation = 1, int groups = 1,
        Activation? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null)
        : base(filters, padding, dilation, groups, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Kernel = kernel;
        Strides = strides ?? 1;
    }

    /// <summary>Reads a description from JSON; the other options are set from their properties.</summary>
    [System.Text.Json.Serialization.JsonConstructor]
    private Conv2D(int filters, Size2D kernel, Size2D strides)
        : this(filters, kernel, (Size2D?)strides)
    {
    }

    /// <summary>Kernel height and width.</summary>
    public Size2D Kernel { get; init; }
    /// <summary>Step along height and width.</summary>
    public Size2D Strides { get; init; }

    private protected override void ValidateGeometry(string where) => ConvGeometry.ValidateConv(where, Filters, Kernel, Strides, Dilation, Groups);

    private protected override (ConvSpec Conv, Shape OutputShape) Spec(Shape input, string where) =>
        SpatialSpec(input, where, "(channels, height, width)", ["kernel height", "kernel width"], Kernel.ToArray(), Strides.ToArray());
}
