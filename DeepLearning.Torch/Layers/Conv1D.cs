namespace DeepLearning.Torch.Layers;

/// <summary>
/// A 1D convolution on inputs of shape (C, L) giving (filters, L'), e.g. along a list of jet constituents.
/// Parameters are <c>weight</c> (filters, C / groups, k) and <c>bias</c> (filters), as in torch's Conv1d.
/// </summary>
public sealed record Conv1D : ConvolutionLayer
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
        : base(filters, padding, dilation, groups, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Kernel = kernel;
        Strides = strides;
    }

    /// <summary>Kernel length.</summary>
    public int Kernel { get; init; }
    /// <summary>Step.</summary>
    public int Strides { get; init; }

    private protected override void ValidateGeometry(string where) => ConvGeometry.ValidateConv(where, Filters, Kernel, Strides, Dilation, Groups);

    private protected override (ConvSpec Conv, Shape OutputShape) Spec(Shape input, string where) =>
        SpatialSpec(input, where, "(channels, length)", ["kernel"], [Kernel], [Strides]);
}
