using System.Text.Json.Serialization;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The shape of one sample, without the batch dimension, in torch layout: (features), (C, L) or (C, H, W).
/// Immutable, compared by value, printed as Keras does with the batch dimension as <c>None</c> by <see cref="ToBatchString"/>.
/// </summary>
[JsonConverter(typeof(ShapeJsonConverter))]
public sealed class Shape : IEquatable<Shape>
{
    private readonly int[] dimensions;

    /// <summary>Creates a shape from its dimensions; each must be positive.</summary>
    /// <exception cref="ArgumentException">A dimension is zero or negative, or none is given.</exception>
    public Shape(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Length == 0)
            throw new ArgumentException("A sample shape needs at least one dimension (the batch dimension is implicit).", nameof(dimensions));
        foreach (int d in dimensions)
        {
            if (d <= 0)
                throw new ArgumentException($"Every dimension must be positive; got ({string.Join(", ", dimensions)}).", nameof(dimensions));
        }
        this.dimensions = (int[])dimensions.Clone();
    }

    /// <summary>Number of dimensions (without the batch dimension).</summary>
    public int Rank => dimensions.Length;

    /// <summary>The size of dimension <paramref name="index"/>; negative indices count from the end.</summary>
    public int this[int index] => dimensions[index < 0 ? dimensions.Length + index : index];

    /// <summary>The dimensions as a read-only list.</summary>
    public IReadOnlyList<int> Dimensions => dimensions;

    /// <summary>The number of elements of one sample (product of the dimensions).</summary>
    public long ElementCount => dimensions.Aggregate(1L, (a, b) => a * b);

    /// <summary>Prints the shape as <c>(3, 32, 32)</c>.</summary>
    public override string ToString() => "(" + string.Join(", ", dimensions) + (dimensions.Length == 1 ? ",)" : ")");

    /// <summary>Prints the shape with the batch dimension first, as Keras summaries do: <c>(None, 3, 32, 32)</c>.</summary>
    public string ToBatchString() => "(None, " + string.Join(", ", dimensions) + ")";

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && dimensions.AsSpan().SequenceEqual(other.dimensions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in dimensions) hash.Add(d);
        return hash.ToHashCode();
    }
}
