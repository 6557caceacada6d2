namespace DeepLearning.Torch.Data;

/// <summary>How image readers return pixel values.</summary>
public enum PixelFormat
{
    /// <summary>float32 in [0, 1] (the byte value divided by 255). The default of the image readers.</summary>
    ScaledFloat,

    /// <summary>float32 holding the raw byte values 0..255.</summary>
    Float,

    /// <summary>uint8 holding the raw byte values 0..255 (a quarter of the memory of float32).</summary>
    Byte,
}
