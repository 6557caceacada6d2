using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The options and geometry shared by <see cref="MaxPooling2D"/> and <see cref="AveragePooling2D"/>: square windows
/// of <see cref="PoolSize"/> over (C, H, W) inputs, per channel.
/// </summary>
public abstract record Pooling2D : Layer
{
    private protected Pooling2D(int poolSize, int? strides, PaddingMode padding)
    {
        PoolSize = poolSize;
        Strides = strides;
        Padding = padding;
    }

    /// <summary>Window height and width.</summary>
    public int PoolSize { get; init; }
    /// <summary>Step; <c>null</c> for the pool size (non-overlapping windows).</summary>
    public int? Strides { get; init; }
    /// <summary>Valid or Same.</summary>
    public PaddingMode Padding { get; init; }

    private protected abstract bool IsMax { get; }

    private int Step => Strides ?? PoolSize;

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.RequirePositive(PoolSize, "poolSize", where);
        ConvGeometry.RequirePositive(Step, "strides", where);
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
        return (ConvGeometry.Compute(input[1], PoolSize, Step, 1, Padding, where, "pool size"),
                ConvGeometry.Compute(input[2], PoolSize, Step, 1, Padding, where, "pool size"));
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

        public Module(string name, bool max, int poolSize, int strides, ConvGeometry.Axis h, ConvGeometry.Axis w) : base(name)
        {
            this.max = max;
            kernel = [poolSize, poolSize];
            this.strides = [strides, strides];
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
