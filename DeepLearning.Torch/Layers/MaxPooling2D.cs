namespace DeepLearning.Torch.Layers;

/// <summary>
/// Max pooling over square windows of (C, H, W) inputs: the maximum of each window, per channel.
/// </summary>
public sealed record MaxPooling2D : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="poolSize">Window height and width. <value>Default 2.</value></param>
    /// <param name="strides">Step; <c>null</c> for the pool size (non-overlapping windows). <value>Default null.</value></param>
    /// <param name="padding">Valid or Same. <value>Default Valid.</value></param>
    /// <exception cref="ModelBuildException">An option is out of range.</exception>
    public MaxPooling2D(int poolSize = 2, int? strides = null, PaddingMode padding = PaddingMode.Valid)
    {
        PoolSize = poolSize;
        Strides = strides;
        Padding = padding;
        ValidateOnCreate();
    }

    /// <summary>Window height and width.</summary>
    public int PoolSize { get; init; }
    /// <summary>Step; <c>null</c> for the pool size.</summary>
    public int? Strides { get; init; }
    /// <summary>Valid or Same.</summary>
    public PaddingMode Padding { get; init; }

    private int Step => Strides ?? PoolSize;

    internal override void Validate(string where) => Pooling2D.Validate(PoolSize, Step, where);

    internal override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        var (h, w) = Pooling2D.Geometry(Single(inputs), PoolSize, Step, Padding, where);
        return new Shape(Single(inputs)[0], h.Output, w.Output);
    }

    internal override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        var (h, w) = Pooling2D.Geometry(Single(inputs), PoolSize, Step, Padding, name);
        return new Pooling2D.Module(name, max: true, PoolSize, Step, h, w);
    }
}
