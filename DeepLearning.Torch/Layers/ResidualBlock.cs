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
        var module = new Composite(name, Activation, output[0]);
        module.Main.Add(module.Adopt("conv1", Conv(Strides).CompileModule("conv1", inputs, context)));
        if (BatchNormalization) module.Main.Add(module.Adopt("bn1", new BatchNormalization().CompileModule("bn1", [output], context)));
        module.Main.Add(module.Adopt("activation1", new ActivationModule("activation1", Activation, output[0], dim: 1)));
        module.Main.Add(module.Adopt("conv2", Conv(1).CompileModule("conv2", [output], context)));
        if (BatchNormalization) module.Main.Add(module.Adopt("bn2", new BatchNormalization().CompileModule("bn2", [output], context)));
        if (Strides != 1 || inputs[0][0] != Filters)
        {
            module.Shortcut.Add(module.Adopt("shortcut_conv", Conv(Strides, kernel: 1).CompileModule("shortcut_conv", inputs, context)));
            if (BatchNormalization)
                module.Shortcut.Add(module.Adopt("shortcut_bn", new BatchNormalization().CompileModule("shortcut_bn", [output], context)));
        }
        return module;
    }

    private sealed class Composite : SingleInputModule
    {
        private readonly ActivationModule activation;

        public Composite(string name, Activation activation, int channels) : base(name)
        {
            this.activation = new ActivationModule("activation", activation, channels, dim: 1);
            register_module("activation", this.activation);
        }

        public List<LayerModule> Main { get; } = [];

        public List<LayerModule> Shortcut { get; } = [];

        public LayerModule Adopt(string name, LayerModule child)
        {
            register_module(name, child);
            return child;
        }

        public override Tensor Forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            Tensor main = input;
            foreach (var m in Main) main = m.Forward([main]);
            Tensor shortcut = input;
            foreach (var m in Shortcut) shortcut = m.Forward([shortcut]);
            return activation.Forward(main.add(shortcut)).MoveToOuterDisposeScope();
        }

        public override Tensor? RegularizationLoss() =>
            Main.Concat(Shortcut).Aggregate((Tensor?)null, (sum, m) => Sum(sum, m.RegularizationLoss()));
    }
}
