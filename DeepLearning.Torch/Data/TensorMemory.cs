using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// A <see cref="Memory{T}"/> over a contiguous CPU tensor's storage, so readers can fill libtorch memory
/// directly (no managed array, no copy). Valid only while the tensor is alive and not resized; the caller keeps it alive.
/// </summary>
internal sealed unsafe class TensorMemory<T> : MemoryManager<T> where T : unmanaged
{
    private readonly T* _pointer;
    private readonly int _length;

    private TensorMemory(T* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    /// <summary>The storage of <paramref name="tensor"/> (a contiguous CPU tensor or view of at most 2 GiB) as memory of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">The tensor is not contiguous, not on the CPU, or its elements are not <typeparamref name="T"/>'s size.</exception>
    public static Memory<T> Of(torch.Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous() || tensor.element_size() != sizeof(T))
            throw new ArgumentException($"Expected a contiguous CPU tensor with {sizeof(T)}-byte elements; got {tensor.dtype} on {tensor.device}.", nameof(tensor));
        if (tensor.numel() == 0) return Memory<T>.Empty;
        Span<byte> bytes = tensor.bytes;
        var pointer = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
        return new TensorMemory<T>(pointer, bytes.Length / sizeof(T)).Memory;
    }

    /// <inheritdoc />
    public override Span<T> GetSpan() => new(_pointer, _length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }
}
