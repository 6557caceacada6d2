using DeepLearning.Torch.Runtime;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Reads HDF5 datasets into tensors through PureHDF (pure managed code, no native HDF5 library).
/// Any dataset is read by its path, whole or as a slice of rows along the first axis (an HDF5 hyperslab),
/// in its stored type or converted to the requested one (PureHDF does not convert: the reader reads the
/// stored type and converts the tensor). <see cref="ReadChunks"/> streams a dataset in row chunks so that
/// an epoch over a file larger than memory holds one chunk at a time.
/// Errors name the file, the dataset path and what was expected (<see cref="DataFormatException"/>).
/// Not thread-safe: use one reader per thread.
/// </summary>
public sealed partial class Hdf5Reader : IDisposable
{
    private readonly NativeFile _file;

    /// <summary>Opens an HDF5 file for reading.</summary>
    /// <param name="path">Path of the file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a readable HDF5 file (wrong signature, truncated).</exception>
    public Hdf5Reader(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"HDF5 file '{path}' does not exist.", path);
        FilePath = path;
        Hdf5FileCheck.Validate(path);
        try
        {
            _file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DataFormatException(path, null, $"is not a readable HDF5 file (expected the HDF5 signature and a valid superblock; truncated or corrupt?): {e.Message}", e);
        }
    }

    /// <summary>Path of the open file.</summary>
    public string FilePath { get; }

    /// <summary>Whether a dataset or group exists at <paramref name="datasetPath"/>.</summary>
    /// <param name="datasetPath">Path inside the file, e.g. <c>table/block0_values</c>.</param>
    /// <returns><see langword="true"/> when a link with that path exists.</returns>
    public bool Exists(string datasetPath) =>
        Guard(datasetPath, () => _file.LinkExists(datasetPath));

    /// <summary>The dataset's dimensions.</summary>
    /// <param name="datasetPath">Path of the dataset inside the file.</param>
    /// <returns>The shape, e.g. [N, 100, 100].</returns>
    /// <exception cref="DataFormatException">No dataset at that path, or its header cannot be read.</exception>
    public long[] Shape(string datasetPath)
    {
        var dataset = Dataset(datasetPath);
        return Guard(datasetPath, () => dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray());
    }

    /// <summary>The torch type that holds the dataset's stored type without loss (unsigned 16/32-bit widen to int32/int64).</summary>
    /// <param name="datasetPath">Path of the dataset inside the file.</param>
    /// <returns>The stored type as a torch scalar type.</returns>
    /// <exception cref="DataFormatException">No dataset at that path, or it is not numeric.</exception>
    public torch.ScalarType StoredType(string datasetPath) => NativeType(Dataset(datasetPath), datasetPath).Torch;

    /// <summary>
    /// Reads rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of a dataset
    /// (all rows by default) into a tensor of the dataset's shape with the first axis cut to the slice.
    /// </summary>
    /// <param name="datasetPath">Path of the dataset inside the file.</param>
    /// <param name="dtype">Type of the result (float32, float64, int32, int64, ...); default the stored type.</param>
    /// <param name="start">First row (index on the first axis).</param>
    /// <param name="count">Number of rows; default all rows from <paramref name="start"/>.</param>
    /// <returns>The tensor; the caller owns it (registered with an open dispose scope, if any).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The slice is outside the dataset.</exception>
    /// <exception cref="DataFormatException">No dataset at that path, not numeric, too large for memory, or unreadable (truncated).</exception>
    public torch.Tensor Read(string datasetPath, torch.ScalarType? dtype = null, long start = 0, long? count = null)
    {
        var dataset = Dataset(datasetPath);
        long[] shape = Shape(datasetPath);
        var native = NativeType(dataset, datasetPath);
        long rows = CheckSlice(datasetPath, shape, start, count);
        long rowElements = RowElements(shape);
        CheckFits(datasetPath, shape, rows, rowElements);
        return ReadRows(dataset, datasetPath, native, shape, start, rows, dtype, buffer: null);
    }

    /// <summary>
    /// Streams a dataset in chunks of <paramref name="chunkRows"/> rows (the last may be shorter). Only one
    /// chunk is in memory at a time if the caller disposes each tensor before asking for the next one (or
    /// opens a dispose scope per chunk). The file stays open while enumerating.
    /// </summary>
    /// <param name="datasetPath">Path of the dataset inside the file.</param>
    /// <param name="chunkRows">Rows per chunk (positive).</param>
    /// <param name="dtype">Type of the chunks; default the stored type.</param>
    /// <param name="start">First row to stream.</param>
    /// <param name="count">Number of rows to stream; default all rows from <paramref name="start"/>.</param>
    /// <returns>Chunk tensors, each owned by the caller.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkRows"/> is not positive or the range is outside the dataset.</exception>
    /// <exception cref="DataFormatException">No dataset at that path, not numeric, or unreadable.</exception>
    public IEnumerable<torch.Tensor> ReadChunks(string datasetPath, long chunkRows, torch.ScalarType? dtype = null, long start = 0, long? count = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkRows);
        var dataset = Dataset(datasetPath);
        long[] shape = Shape(datasetPath);
        var native = NativeType(dataset, datasetPath);
        long rows = CheckSlice(datasetPath, shape, start, count);
        long rowElements = RowElements(shape);
        CheckFits(datasetPath, shape, Math.Min(chunkRows, rows), rowElements);
        return Enumerate();

        IEnumerable<torch.Tensor> Enumerate()
        {
            Array? buffer = null;
            for (long first = start; first < start + rows; first += chunkRows)
            {
                long n = Math.Min(chunkRows, start + rows - first);
                if (n == chunkRows && native.Staged) buffer ??= native.Allocate(n * rowElements);   // reused staging array
                yield return ReadRows(dataset, datasetPath, native, shape, first, n, dtype, n == chunkRows ? buffer : null);
            }
        }
    }

    /// <summary>Reads a one-dimensional dataset of fixed- or variable-length strings (e.g. column names).</summary>
    /// <param name="datasetPath">Path of the dataset inside the file.</param>
    /// <returns>The strings, with trailing NUL padding removed.</returns>
    /// <exception cref="DataFormatException">No dataset at that path, or it does not hold strings.</exception>
    public string[] ReadStrings(string datasetPath)
    {
        var dataset = Dataset(datasetPath);
        var type = Guard(datasetPath, () => dataset.Type);
        if (type.Class != H5DataTypeClass.String)
            throw new DataFormatException(FilePath, datasetPath, $"holds {type.Class} values; expected strings.");
        string[] values = Guard(datasetPath, () => dataset.Read<string[]>());
        return values.Select(v => v.TrimEnd('\0').Trim()).ToArray();
    }

    /// <summary>Every dataset in the file, by path (e.g. <c>table/block0_values</c>), groups walked depth first in link order.</summary>
    /// <returns>The dataset paths.</returns>
    /// <exception cref="DataFormatException">The object tree cannot be read.</exception>
    public IReadOnlyList<string> DatasetPaths()
    {
        var paths = new List<string>();
        Guard("/", () =>
        {
            Walk(_file, "");
            return true;
        });
        return paths;

        void Walk(IH5Group group, string prefix)
        {
            foreach (var child in group.Children())
            {
                string path = prefix + child.Name;
                if (child is IH5Group inner) Walk(inner, path + "/");
                else if (child is IH5Dataset) paths.Add(path);
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();

    private IH5Dataset Dataset(string datasetPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetPath);
        if (!Exists(datasetPath))
            throw new DataFormatException(FilePath, datasetPath, "no such dataset in the file; " + DescribeContents());
        var obj = Guard(datasetPath, () => _file.Get(datasetPath));
        return obj as IH5Dataset ?? throw new DataFormatException(FilePath, datasetPath, "is a group; expected a dataset.");
    }

    /// <summary>What the file holds, for error messages: its datasets with their shapes (the first 20), or that it holds none.</summary>
    internal string DescribeContents()
    {
        const int Shown = 20;
        IReadOnlyList<string> paths;
        try
        {
            paths = DatasetPaths();
        }
        catch (DataFormatException e)
        {
            return $"its datasets cannot be listed ({e.Message}).";
        }
        if (paths.Count == 0) return "the file holds no datasets.";
        var shown = paths.Take(Shown).Select(p => $"{p} [{string.Join(", ", Guard(p, () => ((IH5Dataset)_file.Get(p)).Space.Dimensions))}]");
        string more = paths.Count > Shown ? $", and {paths.Count - Shown} more" : "";
        return $"the file holds {paths.Count} dataset(s): {string.Join(", ", shown)}{more}.";
    }

    private long CheckSlice(string datasetPath, long[] shape, long start, long? count)
    {
        if (shape.Length == 0)
        {
            if (start != 0 || (count is not null && count != 1))
                throw new ArgumentOutOfRangeException(nameof(start), $"Dataset '{datasetPath}' in '{FilePath}' is a scalar: it has no rows to slice.");
            return 1;
        }
        if (start < 0 || start > shape[0])
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Dataset '{datasetPath}' in '{FilePath}' has {shape[0]} rows; start must be in 0..{shape[0]}.");
        long rows = count ?? shape[0] - start;
        if (rows < 0 || start + rows > shape[0])
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Dataset '{datasetPath}' in '{FilePath}' has {shape[0]} rows; rows {start}..{start + rows} are outside it.");
        return rows;
    }

    private static long RowElements(long[] shape)
    {
        long n = 1;
        for (int i = 1; i < shape.Length; i++) n = shape[i] == 0 ? 0 : (n > long.MaxValue / shape[i] ? long.MaxValue : n * shape[i]);
        return n;
    }

    private void CheckFits(string datasetPath, long[] shape, long rows, long rowElements)
    {
        if (rowElements > 0 && rows > Array.MaxLength / rowElements)
            throw new DataFormatException(FilePath, datasetPath,
                $"shape [{string.Join(", ", shape)}]: {rows} rows of {rowElements} elements do not fit in one array " +
                $"(at most {Array.MaxLength} elements); read a row slice (start, count) or stream with ReadChunks.");
    }
}
