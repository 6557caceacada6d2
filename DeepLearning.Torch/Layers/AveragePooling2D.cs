namespace DeepLearning.Torch.Layers;

/// <summary>
/// Average pooling over windows of (C, H, W) inputs: the mean of each window, per channel. Windows and strides may be rectangular: <c>new AveragePooling2D((1, 2))</c>. Same padding excludes the padded cells from the mean, as Keras.
/// </summary>
public sealed record AveragePooling2D : Pooling2D
{
    /// <summary>Creates the description with 2×2 windows.</summary>
    public AveragePooling2D() : this(2)
    {
    }

    /// <summary>Creates the description.</summary>
    /// <param name="poolSize">Window height and width (an int for a square window).</param>
    /// <param name="strides">Step along height and width; <c>null</c> for the pool size (non-overlapping windows). <value>Default null.</value></param>
    /// <param name="padding">Valid or Same. <value>Default Valid.</value></param>
    [System.Text.Json.Serialization.JsonConstructor]
    public AveragePooling2D(Size2D poolSize, Size2D? strides = null, PaddingMode padding = PaddingMode.Valid)
        : base(poolSize, strides, padding)
    {
    }

    private protected override bool IsMax => false;
}
