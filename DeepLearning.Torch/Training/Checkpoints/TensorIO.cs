using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Checkpoints;

/// <summary>Writes and reads one tensor as dtype, shape and raw little-endian bytes.</summary>
internal static class TensorIO
{
    internal static void Write(BinaryWriter writer, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        writer.Write((int)cpu.dtype);
        writer.Write(cpu.dim());
        foreach (long d in cpu.shape) writer.Write(d);
        var bytes = cpu.bytes;
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Reads a tensor on the CPU, detached from any dispose scope; the caller owns it.</summary>
    internal static Tensor Read(BinaryReader reader)
    {
        var dtype = (ScalarType)reader.ReadInt32();
        if (!Enum.IsDefined(dtype)) throw new InvalidDataException($"unknown tensor dtype code {(int)dtype}");
        long rank = reader.ReadInt64();
        if (rank is < 0 or > 16) throw new InvalidDataException($"implausible tensor rank {rank}");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = reader.ReadInt64();
        int length = reader.ReadInt32();
        byte[] data = reader.ReadBytes(length);
        if (data.Length != length) throw new EndOfStreamException("tensor data ends early");
        var result = empty(shape, dtype).DetachFromDisposeScope();
        if (result.numel() * result.ElementSize != length)
        {
            result.Dispose();
            throw new InvalidDataException($"tensor of shape [{string.Join(", ", shape)}] {dtype} cannot hold {length} bytes");
        }
        result.bytes = data;
        return result;
    }
}
