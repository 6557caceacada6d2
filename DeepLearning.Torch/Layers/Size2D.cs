using System.Text.Json.Serialization;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A height and a width: the kernel, strides or window of a 2D convolution or pooling. An <c>int</c> converts to a
/// square size and a tuple to a rectangular one, so <c>new Conv2D(8, 3)</c> and <c>new Conv2D(8, (3, 5), strides: (1, 2))</c>
/// both read as in Keras. JSON writes a square size as one number and a rectangular one as <c>[height, width]</c>.
/// </summary>
/// <param name="Height">Size along the height (first spatial) axis.</param>
/// <param name="Width">Size along the width (second spatial) axis.</param>
[JsonConverter(typeof(Size2DJsonConverter))]
public readonly record struct Size2D(int Height, int Width)
{
    /// <summary>A square size.</summary>
    public static implicit operator Size2D(int size) => new(size, size);

    /// <summary>A rectangular size from (height, width).</summary>
    public static implicit operator Size2D((int Height, int Width) size) => new(size.Height, size.Width);

    /// <summary>Whether height and width are equal.</summary>
    [JsonIgnore]
    public bool IsSquare => Height == Width;

    /// <summary>The sizes as (height, width).</summary>
    internal int[] ToArray() => [Height, Width];

    /// <summary>Prints <c>3</c> for a square size, <c>(3, 5)</c> otherwise.</summary>
    public override string ToString() => IsSquare ? $"{Height}" : $"({Height}, {Width})";
}
