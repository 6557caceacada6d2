namespace DeepLearning.Torch.Layers;

/// <summary>
/// Max pooling over windows of (C, H, W) inputs: the maximum of each window, per channel. Windows and strides may be rectangular: <c>new MaxPooling2D((1, 2))</c>.
/// </summary>
public sealed record MaxPooling2D : Pooling2D
{
    /// <summary>Creates the description with 2×2 windows.</summary>
    public MaxPooling2D() : this(2)
    {
    }

    /// <summary>Creates the description.</summary>
    /// <param name="poolSize">Window height and width (an int for a square window).</param>
    /// <param name="strides">Step along height and width; <c>null</c> for the pool size (non-overlapping windows). <value>Default null.</value></param>
    /// <param name="padding">Valid or Same. <value>Default Valid.</value></param>
    [System.Text.Json.Serialization.JsonConstructor]
    public MaxPooling2D(Size2D poolSize, Size2D? strides = null, PaddingMode padding = PaddingMode.Valid)
        : base(poolSize, strides, padding)
    {
    }

    private protected override bool IsMax => true;
}
