namespace DeepLearning.Torch.Layers;

/// <summary>Output sizes and Keras-exact padding of convolutions and pooling along each spatial dimension.</summary>
internal static class ConvGeometry
{
    /// <summary>One spatial dimension: output size, padding before and after.</summary>
    internal readonly record struct Axis(int Output, int PadBefore, int PadAfter);

    /// <summary>
    /// Computes one dimension. Valid: floor((n − k')/s) + 1 with k' = (k − 1)·d + 1. Same: ceil(n/s), padding
    /// max((out − 1)·s + k' − n, 0) split with the extra element after, as TensorFlow does.
    /// </summary>
    public static Axis Compute(int input, int kernel, int stride, int dilation, PaddingMode padding, string where, string what)
    {
        int effective = (kernel - 1) * dilation + 1;
        if (padding == PaddingMode.Same)
        {
            int output = (input + stride - 1) / stride;
            int total = Math.Max((output - 1) * stride + effective - input, 0);
            return new Axis(output, total / 2, total - total / 2);
        }
        if (effective > input)
        {
            string dilated = dilation > 1 ? $" (dilated to {effective})" : "";
            throw new ModelBuildException(
                $"{where}: {what} {kernel}{dilated} is larger than the input size {input} with padding 'valid'; " +
                "use a smaller kernel, padding Same, or a larger input.");
        }
        return new Axis((input - effective) / stride + 1, 0, 0);
    }

    /// <summary>Validates the options shared by every convolution.</summary>
    public static void ValidateConv(string where, int filters, int kernel, int strides, int dilation, int groups) =>
        ValidateConv(where, filters, kernel, strides, dilation, groups, kernel.ToString(System.Globalization.CultureInfo.InvariantCulture),
            strides.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Validates the options shared by every convolution, with a 2D kernel and strides.</summary>
    public static void ValidateConv(string where, int filters, Size2D kernel, Size2D strides, int dilation, int groups) =>
        ValidateConv(where, filters, Math.Min(kernel.Height, kernel.Width), Math.Min(strides.Height, strides.Width), dilation, groups,
            kernel.ToString(), strides.ToString(), Math.Max(strides.Height, strides.Width));

    private static void ValidateConv(string where, int filters, int smallestKernel, int smallestStride, int dilation, int groups,
        string kernel, string strides, int? largestStride = null)
    {
        RequirePositive(filters, "filters", where);
        if (smallestKernel <= 0) throw new ModelBuildException($"{where}: kernel must be positive, got {kernel}.");
        if (smallestStride <= 0) throw new ModelBuildException($"{where}: strides must be positive, got {strides}.");
        RequirePositive(dilation, "dilation", where);
        RequirePositive(groups, "groups", where);
        if ((largestStride ?? smallestStride) > 1 && dilation > 1) throw new ModelBuildException($"{where}: strides > 1 together with dilation > 1 is not supported (as in Keras).");
        if (filters % groups != 0) throw new ModelBuildException($"{where}: filters {filters} is not divisible by groups {groups}.");
    }

    public static void RequirePositive(int value, string name, string where)
    {
        if (value <= 0) throw new ModelBuildException($"{where}: {name} must be positive, got {value}.");
    }

    public static void RequireRank(Shape input, int rank, string where, string expected)
    {
        if (input.Rank != rank)
            throw new ModelBuildException($"{where}: expects input of shape {expected} (batch excluded), got {input}.");
    }
}
