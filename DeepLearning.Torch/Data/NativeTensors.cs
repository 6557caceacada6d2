using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Tensors from managed arrays without leaving the data in the managed heap. <c>torch.tensor(array)</c> clones
/// the array and pins the clone as the tensor's storage, so large tensors made that way are freed only when the
/// garbage collector runs; readers instead copy once into libtorch-allocated memory, freed on dispose.
/// </summary>
internal static class NativeTensors
{
    /// <summary>A zero-copy view of <paramref name="array"/> with <paramref name="shape"/>; valid while the array is not reused. Dispose it.</summary>
    public static torch.Tensor View(Array array, torch.ScalarType type, long[] shape)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count == 0) return torch.empty(shape, type);
        using var flat = torch.frombuffer(array, type, count);
        return flat.view(shape);
    }

    /// <summary>A copy of <paramref name="array"/> in libtorch memory, shaped <paramref name="shape"/>.</summary>
    public static torch.Tensor Copy(Array array, torch.ScalarType type, long[] shape)
    {
        using var view = View(array, type, shape);
        return view.clone();
    }
}
