using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>A tensor's shape and values (row-major, float64) in a form System.Text.Json serialises.</summary>
/// <param name="Shape">The dimensions.</param>
/// <param name="Values">The elements in row-major order.</param>
public sealed record TensorValues(long[] Shape, double[] Values)
{
    /// <summary>Copies a tensor (any device, any floating or integer type) into values.</summary>
    /// <param name="tensor">The tensor to copy.</param>
    /// <returns>The shape and values.</returns>
    public static TensorValues From(torch.Tensor tensor)
    {
        using var cpu = tensor.detach().to(torch.CPU).to_type(torch.ScalarType.Float64).contiguous();
        return new TensorValues(tensor.shape, cpu.data<double>().ToArray());
    }

    /// <summary>Creates a float64 CPU tensor with these values; the caller owns it.</summary>
    /// <param name="name">Name used in the error message when shape and values disagree.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="FormatException">The number of values does not match the shape.</exception>
    public torch.Tensor ToTensor(string name)
    {
        long expected = Shape.Aggregate(1L, (a, b) => a * b);
        if (Values is null || Values.LongLength != expected)
            throw new FormatException($"Saved tensor '{name}' has shape [{string.Join(", ", Shape)}] ({expected} values) but {Values?.Length ?? 0} values.");
        return torch.tensor(Values, Shape, torch.ScalarType.Float64);
    }
}
