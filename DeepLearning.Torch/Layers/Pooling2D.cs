using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>The geometry shared by <see cref="MaxPooling2D"/> and <see cref="AveragePooling2D"/>.</summary>
internal static class Pooling2D
{
    public static (ConvGeometry.Axis H, ConvGeometry.Axis W) Geometry(Shape input, int poolSize, int strides, PaddingMode padding, string where)
    {
        ConvGeometry.RequireRank(input, 3, where, "(channels, height, width)");
        return (ConvGeometry.Compute(input[1], poolSize, strides, 1, padding, where, "pool size"),
                ConvGeometry.Compute(input[2], poolSize, strides, 1, padding, where, "pool size"));
    }

    public static void Validate(int poolSize, int strides, string where)
    {
        ConvGeometry.RequirePositive(poolSize, "poolSize", where);
        ConvGeometry.RequirePositive(strides, "strides", where);
    }

    /// <summary>
    /// The compiled pooling. Same padding is applied explicitly (−∞ for max pooling; for average pooling the padded
    /// cells are excluded from the mean, as Keras does, by dividing by the pooled count of real cells).
    /// </summary>
    internal sealed class Module : SingleInputModule
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
