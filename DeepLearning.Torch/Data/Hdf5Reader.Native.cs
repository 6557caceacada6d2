using PureHDF;
using PureHDF.Selections;
using TorchSharp;

namespace DeepLearning.Torch.Data;

// Stored-type handling of Hdf5Reader: PureHDF reads only into the stored type, so each stored type is read
// into a matching array, turned into a tensor and then converted to the requested type.
public sealed partial class Hdf5Reader
{
    private enum StoredKind { Float32, Float64, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64 }

    private sealed record NativeInfo(StoredKind Kind, torch.ScalarType Torch)
    {
        /// <summary>Unsigned 16/32/64-bit data torch cannot hold as stored: read into a managed array and widened. Others go straight into the tensor.</summary>
        public bool Staged => Kind is StoredKind.UInt16 or StoredKind.UInt32 or StoredKind.UInt64;

        public Array Allocate(long length) => Kind switch
        {
            StoredKind.Float32 => new float[length],
            StoredKind.Float64 => new double[length],
            StoredKind.Int8 => new sbyte[length],
            StoredKind.UInt8 => new byte[length],
            StoredKind.Int16 => new short[length],
            StoredKind.UInt16 => new ushort[length],
            StoredKind.Int32 => new int[length],
            StoredKind.UInt32 => new uint[length],
            StoredKind.Int64 => new long[length],
            _ => new ulong[length],
        };
    }

    private NativeInfo NativeType(IH5Dataset dataset, string datasetPath)
    {
        var type = Guard(datasetPath, () => dataset.Type);
        StoredKind? kind = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => StoredKind.Float32,
            (H5DataTypeClass.FloatingPoint, 8) => StoredKind.Float64,
            (H5DataTypeClass.FixedPoint, var size) => (size, type.FixedPoint.IsSigned) switch
            {
                (1, true) => StoredKind.Int8,
                (1, false) => StoredKind.UInt8,
                (2, true) => StoredKind.Int16,
                (2, false) => StoredKind.UInt16,
                (4, true) => StoredKind.Int32,
                (4, false) => StoredKind.UInt32,
                (8, true) => StoredKind.Int64,
                (8, false) => StoredKind.UInt64,
                _ => null,
            },
            _ => null,
        };
        if (kind is null)
            throw new DataFormatException(FilePath, datasetPath,
                $"stored type is {type.Class} of {type.Size} bytes; expected a numeric type (float32, float64 or 1/2/4/8-byte integers).");
        var torchType = kind.Value switch
        {
            StoredKind.Float32 => torch.ScalarType.Float32,
            StoredKind.Float64 => torch.ScalarType.Float64,
            StoredKind.Int8 => torch.ScalarType.Int8,
            StoredKind.UInt8 => torch.ScalarType.Byte,
            StoredKind.Int16 => torch.ScalarType.Int16,
            StoredKind.UInt16 or StoredKind.Int32 => torch.ScalarType.Int32,
            _ => torch.ScalarType.Int64,
        };
        return new NativeInfo(kind.Value, torchType);
    }

    private torch.Tensor ReadRows(IH5Dataset dataset, string datasetPath, NativeInfo native, long[] shape,
        long first, long rows, torch.ScalarType? dtype, Array? buffer)
    {
        long rowElements = 1;
        for (int i = 1; i < shape.Length; i++) rowElements *= shape[i];
        long length = rows * rowElements;
        long[] dims = shape.Length == 0 ? [] : [rows, .. shape[1..]];
        if (!native.Staged)
            return ReadIntoTensor(dataset, datasetPath, native, shape, first, rows, rowElements, dims, dtype);
        Selection selection = shape.Length == 0
            ? new AllSelection()
            : new HyperslabSelection(shape.Length,
                [(ulong)first, .. Enumerable.Repeat(0UL, shape.Length - 1)],
                [(ulong)rows, .. shape[1..].Select(d => (ulong)d)]);
        ulong[] memoryDims = [(ulong)length];
        Array data = buffer is not null && buffer.LongLength == length ? buffer : native.Allocate(length);
        if (length > 0)
        {
            // Dispatch on the stored kind, not on the array type: the CLR lets short[] pass as ushort[] (and
            // int[]/uint[], long[]/ulong[], sbyte[]/byte[]), so type patterns would confuse signed and unsigned.
            Guard(datasetPath, () =>
            {
                switch (native.Kind)
                {
                    case StoredKind.UInt16: dataset.Read((ushort[])data, selection, memoryDims: memoryDims); break;
                    case StoredKind.UInt32: dataset.Read((uint[])data, selection, memoryDims: memoryDims); break;
                    default: dataset.Read((ulong[])data, selection, memoryDims: memoryDims); break;
                }
                return true;
            });
        }

        using var scope = torch.NewDisposeScope();
        torch.Tensor tensor = native.Kind switch
        {
            StoredKind.UInt16 => NativeTensors.Copy(Array.ConvertAll((ushort[])data, v => (int)v), torch.ScalarType.Int32, dims),
            StoredKind.UInt32 => NativeTensors.Copy(Array.ConvertAll((uint[])data, v => (long)v), torch.ScalarType.Int64, dims),
            _ => NativeTensors.Copy(ToInt64((ulong[])data, datasetPath), torch.ScalarType.Int64, dims),
        };
        if (dtype is { } wanted && wanted != tensor.dtype) tensor = tensor.to_type(wanted);
        return tensor.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Rows are read in pieces of about this many bytes: PureHDF stages each read in a managed buffer of the read's
    /// size, so a read of the whole dataset at once would hold the dataset twice (tensor and buffer); in pieces it needs
    /// the tensor and one piece. (A span addresses at most 2 GiB, so pieces must stay below that anyway.)
    /// </summary>
    internal long PieceBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Reads rows straight into a new tensor's memory (stored types torch holds as they are): no managed array of the
    /// whole slice and no copy of it, in pieces of <see cref="PieceBytes"/>.
    /// </summary>
    private torch.Tensor ReadIntoTensor(IH5Dataset dataset, string datasetPath, NativeInfo native, long[] shape,
        long first, long rows, long rowElements, long[] dims, torch.ScalarType? dtype)
    {
        using var scope = torch.NewDisposeScope();
        var tensor = torch.empty(dims, native.Torch);
        if (shape.Length == 0) rows = 1;   // a scalar dataset: one element, read whole
        long piece = rowElements == 0 ? Math.Max(rows, 1) : Math.Max(1, PieceBytes / (rowElements * tensor.element_size()));
        using var flat = tensor.reshape(-1);
        for (long done = 0; done < rows && rowElements > 0; done += piece)
        {
            long n = Math.Min(piece, rows - done);
            int length = checked((int)(n * rowElements));
            using var part = flat.narrow(0, done * rowElements, length);
            Selection selection = shape.Length == 0
                ? new AllSelection()
                : new HyperslabSelection(shape.Length,
                    [(ulong)(first + done), .. Enumerable.Repeat(0UL, shape.Length - 1)],
                    [(ulong)n, .. shape[1..].Select(d => (ulong)d)]);
            ulong[] memoryDims = [(ulong)length];
            Guard(datasetPath, () =>
            {
                switch (native.Kind)
                {
                    case StoredKind.Float32: dataset.Read(TensorMemory<float>.Of(part), selection, memoryDims: memoryDims); break;
                    case StoredKind.Float64: dataset.Read(TensorMemory<double>.Of(part), selection, memoryDims: memoryDims); break;
                    case StoredKind.Int8: dataset.Read(TensorMemory<sbyte>.Of(part), selection, memoryDims: memoryDims); break;
                    case StoredKind.UInt8: dataset.Read(TensorMemory<byte>.Of(part), selection, memoryDims: memoryDims); break;
                    case StoredKind.Int16: dataset.Read(TensorMemory<short>.Of(part), selection, memoryDims: memoryDims); break;
                    case StoredKind.Int32: dataset.Read(TensorMemory<int>.Of(part), selection, memoryDims: memoryDims); break;
                    default: dataset.Read(TensorMemory<long>.Of(part), selection, memoryDims: memoryDims); break;
                }
                return true;
            });
        }
        if (dtype is { } wanted && wanted != tensor.dtype) tensor = tensor.to_type(wanted);
        return tensor.MoveToOuterDisposeScope();
    }

    private long[] ToInt64(ulong[] values, string datasetPath)
    {
        var result = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > long.MaxValue)
                throw new DataFormatException(FilePath, datasetPath, $"element {i} is {values[i]}, beyond the int64 range.");
            result[i] = (long)values[i];
        }
        return result;
    }

    private T Guard<T>(string datasetPath, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e.Message.Contains("Byte order conversion", StringComparison.Ordinal))
        {
            throw new DataFormatException(FilePath, datasetPath,
                "is stored big-endian, which PureHDF 2.2.0 cannot read; expected little-endian data " +
                "(rewrite it, e.g. with h5py: f.create_dataset(name, data=old[...].astype('<f4'))).", e);
        }
        catch (Exception e) when (e is not DataFormatException and not OutOfMemoryException)
        {
            throw new DataFormatException(FilePath, datasetPath,
                $"could not be read ({e.GetType().Name}: {e.Message}); the file may be truncated or corrupt.", e);
        }
    }
}
