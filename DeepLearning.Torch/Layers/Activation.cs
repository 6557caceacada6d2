namespace DeepLearning.Torch.Layers;

/// <summary>
/// An activation function, used as a layer of its own (Keras <c>layers.Activation</c>) or as the
/// <c>activation</c> option of a layer with weights. Softmax and PReLU's slopes act along one axis: inside Dense on its
/// units (the last axis), inside a convolution on its channels; as a layer of its own on <see cref="Axis"/>
/// (default the channel axis, sample axis 0, dimension 1 of a batch in torch layout). Every other function is
/// elementwise and takes samples of any rank.
/// </summary>
/// <param name="Kind">The function.</param>
/// <param name="Alpha">The slope of <see cref="ActivationKind.LeakyRelu"/>, the alpha of <see cref="ActivationKind.Elu"/>,
/// the initial slope of <see cref="ActivationKind.PRelu"/>; ignored by the others.</param>
public sealed record Activation(ActivationKind Kind, double Alpha = 0) : Layer
{
    /// <summary>Identity (no activation).</summary>
    public static Activation Linear => new(ActivationKind.Linear);
    /// <summary>Rectified linear unit.</summary>
    public static Activation Relu => new(ActivationKind.Relu);
    /// <summary>Exponential linear unit with alpha 1.</summary>
    public static Activation Elu => new(ActivationKind.Elu, 1.0);
    /// <summary>Scaled exponential linear unit.</summary>
    public static Activation Selu => new(ActivationKind.Selu);
    /// <summary>Logistic sigmoid.</summary>
    public static Activation Sigmoid => new(ActivationKind.Sigmoid);
    /// <summary>Hyperbolic tangent.</summary>
    public static Activation Tanh => new(ActivationKind.Tanh);
    /// <summary>Softmax over the feature axis (see <see cref="Axis"/>).</summary>
    public static Activation Softmax => new(ActivationKind.Softmax);
    /// <summary>Gaussian error linear unit, exact form x·Φ(x) (torch's and Keras' default).</summary>
    public static Activation Gelu => new(ActivationKind.Gelu);
    /// <summary>Swish (SiLU): x·sigmoid(x).</summary>
    public static Activation Swish => new(ActivationKind.Swish);
    /// <summary>Softplus.</summary>
    public static Activation Softplus => new(ActivationKind.Softplus);

    /// <summary>Leaky ReLU with negative <paramref name="slope"/> (torch's default 0.01; Keras' layer uses 0.3).</summary>
    public static Activation LeakyRelu(double slope = 0.01) => new(ActivationKind.LeakyRelu, slope);

    /// <summary>ELU with the given <paramref name="alpha"/>.</summary>
    public static Activation EluWith(double alpha) => new(ActivationKind.Elu, alpha);

    /// <summary>Parametric ReLU with one learned slope per channel, initialised to <paramref name="initialSlope"/>.</summary>
    public static Activation PRelu(double initialSlope = 0.25) => new(ActivationKind.PRelu, initialSlope);

    /// <summary>
    /// The sample axis (batch excluded; negative counts from the end) along which softmax normalises and PReLU keeps one
    /// slope per entry, when this is a layer of its own; ignored inside Dense (its units) and convolutions (channels).
    /// <value>Default <c>null</c>: axis 0, the channels of (C, L) and (C, H, W) samples and the features of vectors; use
    /// −1 for the features of (particles, features) samples.</value>
    /// </summary>
    public int? Axis { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (!Enum.IsDefined(Kind)) throw new ModelBuildException($"{where}: unknown activation {(int)Kind}.");
        if (double.IsNaN(Alpha) || double.IsInfinity(Alpha)) throw new ModelBuildException($"{where}: alpha must be finite, got {Alpha}.");
        if (Kind == ActivationKind.Elu && Alpha <= 0) throw new ModelBuildException($"{where}: ELU alpha must be positive, got {Alpha}.");
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape input = Single(inputs);
        if (Axis is { } axis && (axis >= input.Rank || axis < -input.Rank))
            throw new ModelBuildException($"{where}: axis {axis} is out of range for input {input} (rank {input.Rank}).");
        return input;
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape input = Single(inputs);
        int axis = Axis is { } a ? (a < 0 ? input.Rank + a : a) : 0;
        return new ActivationModule(name, this, input[axis], axis + 1);
    }

    /// <summary>Short text for summaries: <c>relu</c>, <c>leaky_relu(0.2)</c>.</summary>
    public override string ToString() => Kind switch
    {
        ActivationKind.LeakyRelu or ActivationKind.Elu or ActivationKind.PRelu => $"{Snake(Kind)}({Alpha})",
        _ => Snake(Kind),
    };

    private static string Snake(ActivationKind kind) => kind switch
    {
        ActivationKind.LeakyRelu => "leaky_relu",
        ActivationKind.PRelu => "prelu",
        ActivationKind.Swish => "swish",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
