using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The residual unit of ResNet (basic block): conv k×k (strides) → batch norm → activation → conv k×k → batch norm,
/// added to the shortcut, then the activation. The shortcut is the input itself, or a 1×1 convolution with batch norm
/// when the stride or the number of channels changes. Convolutions use Same padding and no bias when followed by batch norm.
/// Submodules: <c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>, and <c>shortcut_conv</c>, <c>shortcut_bn</c> when projecting.
/// </summary>
public sealed record ResidualBlock : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="filters">Output channels; positive.</param>
    /// <param name="kernel">Kernel size of both convolutions. <value>Default 3.</value></param>
    /// <param name="strides">Stride of the first convolution and the shortcut (2 halves height and width). <value>Default 1.</value></param>
    /// <param name="batchNormalization">Whether to normalise after each convolution. <value>Default true.</value></param>
    /// <param name="activation">Activation after the first convolution and after the sum. <value>Default relu.</value></param>
    /// <param name="kernelInitializer">Initializer of every kernel. <value>Default: the model's preset.</value></param>
    /// <param name="kernelRegularizer">Penalty on every kernel. <value>Default none.</value></param>
    /// <exception cref="ModelBuildException">An option is out of range.</exception>
    public ResidualBlock(int filters, int kernel = 3, int strides = 1, bool batchNormalization = true, Activation? activation = null,
        Initializer? kernelInitializer = null, Regularizer? kernelRegularizer = null)
    {
        Filters = filters; Kernel = kernel; Strides = strides; BatchNormalization = batchNormalization;
        Activation = activation ?? Activation.Relu; KernelInitializer = kernelInitializer; KernelRegularizer = kernelRegularizer;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; init; }
    /// <summary>Kernel size of both convolutions.</summary>
    public int Kernel { get; init; }
    /// <summary>Stride of the first convolution and the shortcut.</summary>
    public int Strides { get; init; }
    /// <summary>Whether each convolution is followed by batch normalisation.</summary>
    public bool BatchNormalization { get; init; }
    /// <summary>Activation after the first convolution and after the sum.</summary>
    public Activation Activation { get; init; }
    /// <summary>Initializer of every kernel; <c>null</c> for the preset's.</summary>
    public Initializer? KernelInitializer { get; init; }
    /// <summary>Penalty on every kernel; <c>null</c> for none.</summary>
    public Regularizer? KernelRegularizer { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.ValidateConv(where, Filters, Kernel, Strides, 1, 1);
        Activation.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => Conv(Strides).Apply(inputs, where);

    private Conv2D Conv(int strides, int? kernel = null) =>
        new(Filters, kernel ?? Kernel, strides, PaddingMode.Same, useBias: !BatchNormalization,
            kernelInitializer: KernelInitializer, kernelRegularizer: KernelRegularizer);

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape output = InferShape(inputs, name);
        var activation = new ActivationModule("activation", Activation, output[0], dim: 1);
        var module = new BranchModule(name, outputs => activation.Forward(outputs[0].add(outputs[1])));
        module.Adopt("activation", activation);
        var main = new List<(string?, LayerModule)> { ("conv1", Conv(Strides).CompileModule("conv1", inputs, context)) };
        if (BatchNormalization) main.Add(("bn1", new BatchNormalization().CompileModule("bn1", [output], context)));
        main.Add(("activation1", new ActivationModule("activation1", Activation, output[0], dim: 1)));
        main.Add(("conv2", Conv(1).CompileModule("conv2", [output], context)));
        if (BatchNormalization) main.Add(("bn2", new BatchNormalization().CompileModule("bn2", [output], context)));
        var shortcut = new List<(string?, LayerModule)>();
        if (Strides != 1 || inputs[0][0] != Filters)
        {
            shortcut.Add(("shortcut_conv", Conv(Strides, kernel: 1).CompileModule("shortcut_conv", inputs, context)));
            if (BatchNormalization)
                shortcut.Add(("shortcut_bn", new BatchNormalization().CompileModule("shortcut_bn", [output], context)));
        }
        module.AddBranch([.. main]);
        module.AddBranch([.. shortcut]);
        return module;
    }
}
