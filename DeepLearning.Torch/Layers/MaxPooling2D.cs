namespace DeepLearning.Torch.Layers;

/// <summary>
/// Max pooling over square windows of (C, H, W) inputs: the maximum of each window, per channel.
/// </summary>
public sealed record MaxPooling2D : Pooling2D
{
    /// <summary>Creates the description.</summary>
    /// <param name="poolSize">Window height and width. <value>Default 2.</value></param>
    /// <param name="strides">Step; <c>null</c> for the pool size (non-overlapping windows). <value>Default null.</value></param>
    /// <param name="padding">Valid or Same. <value>Default Valid.</value></param>
    /// <exception cref="ModelBuildException">An option is out of range.</exception>
    public MaxPooling2D(int poolSize = 2, int? strides = null, PaddingMode padding = PaddingMode.Valid)
        : base(poolSize, strides, padding)
    {
    }

    private protected override bool IsMax => true;
}
