using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The options and geometry shared by <see cref="MaxPooling2D"/> and <see cref="AveragePooling2D"/>: windows of
/// <see cref="PoolSize"/> (square or rectangular) over (C, H, W) inputs, per channel.
/// </summary>
public abstract record Pooling2D : Layer
{
    private protected Pooling2D(Size2D poolSize, Size2D? strides, PaddingMode padding)
    {
        PoolSize = poolSize;
        Strides = strides;
        Padding = padding;
    }

    /// <summary>Window height and width.</summary>
    public Size2D PoolSize { get; init; }
    /// <summary>Step along height and width; <c>null</c> for the pool size (non-overlapping windows).</summary>
    public Size2D? Strides { get; init; }
    /// <summary>Valid or Same.</summary>
    public PaddingMode Padding { get; init; }

    private protected abstract bool IsMax { get; }

    private Size2D Step => Strides ?? PoolSize;

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (Math.Min(PoolSize.Height, PoolSize.Width) <= 0) throw new ModelBuildException($"{where}: poolSize must be positive, got {PoolSize}.");
        if (Math.Min(Step.Height, Step.Width) <= 0) throw new ModelBuildException($"{where}: strides must be positive, got {Step}.");
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        var (h, w) = Geometry(Single(inputs), where);
        return new Shape(Single(inputs)[0], h.Output, w.Output);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        var (h, w) = Geometry(Single(inputs), name);
        return new Module(name, IsMax, PoolSize, Step, h, w);
    }

    private (ConvGeometry.Axis H, ConvGeometry.Axis W) Geometry(Shape input, string where)
    {
        ConvGeometry.RequireRank(input, 3, where, "(channels, height, width)");
        return (ConvGeometry.Compute(input[1], PoolSize.Height, Step.Height, 1, Padding, where, "pool height"),
                ConvGeometry.Compute(input[2], PoolSize.Width, Step.Width, 1, Padding, where, "pool width"));
    }

    /// <summary>
    /// The compiled pooling. Same padding is applied explicitly (−∞ for max pooling; for average pooling the padded
    /// cells are excluded from the mean, as Keras does, by dividing by the pooled count of real cells).
    /// </summary>
    private sealed class Module : SingleInputModule
    {
        private readonly bool max;
        private readonly long[] kernel;
        private readonly long[] strides;
        private readonly long[]? pad;

        public Module(string name, bool max, Size2D poolSize, Size2D strides, ConvGeometry.Axis h, ConvGeometry.Axis w) : base(name)
        {
            this.max = max;
            kernel = [poolSize.Height, poolSize.Width];
            this.strides = [strides.Height, strides.Width];
            if (h.PadBefore + h.PadAfter + w.PadBefore + w.PadAfter > 0)
                pad = [w.PadBefore, w.PadAfter, h.PadBefore, h.PadAfter];
        }

        public override Tensor Forward(Tensor input)
        {
            if (pad is null)
                return max ? F.max_pool2d(input, kernel, strides) : F.avg_pool2d(input, kernel, strides);
            using var scope = NewDisposeScope();
            Tensor result;
            if (max)
            {
                result = F.max_pool2d(F.pad(input, pad, PaddingModes.Constant, double.NegativeInfinity), kernel, strides);
            }
            else
            {
                Tensor sums = F.avg_pool2d(F.pad(input, pad), kernel, strides);
                using var ones = torch.ones(1, 1, input.shape[2], input.shape[3], dtype: input.dtype, device: input.device);
                Tensor counts = F.avg_pool2d(F.pad(ones, pad), kernel, strides);
                result = sums.div(counts);
            }
            return result.MoveToOuterDisposeScope();
        }
    }
}
