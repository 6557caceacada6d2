using System.Globalization;
using DeepLearning.Torch.Runtime;
using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Reads the Top Quark Tagging Reference Dataset (Kasieczka et al., Zenodo record 2603256): a pandas DataFrame
/// written with <c>to_hdf(key="table")</c> in fixed format, i.e. a group <c>table</c> with <c>axis0</c>
/// (column names), <c>axis1</c> (row index) and blocks <c>block{i}_items</c> (column names of block i) and
/// <c>block{i}_values</c> (N x columns). Columns <c>E_j, PX_j, PY_j, PZ_j</c> (j = 0..M-1) become the
/// constituents and <c>is_signal_new</c> the label. Blocks may come in any number and order and hold
/// float32, float64 or integer values.
/// </summary>
public static class TopTaggingReader
{
    /// <summary>The pandas key (HDF5 group) of the reference files.</summary>
    public const string DefaultKey = "table";

    /// <summary>Name of the label column.</summary>
    public const string LabelColumn = "is_signal_new";

    /// <summary>The four-momentum components of each constituent's columns (<c>E_0</c>, <c>PX_0</c>, ...), in order.</summary>
    internal static readonly string[] Components = ["E", "PX", "PY", "PZ"];

    /// <summary>Number of jets in a file.</summary>
    /// <param name="path">The .h5 file.</param>
    /// <param name="key">The pandas key (group), default <c>table</c>.</param>
    /// <returns>N.</returns>
    public static long CountJets(string path, string key = DefaultKey)
    {
        using var reader = new Hdf5Reader(path);
        return Blocks(reader, key).First().Rows;
    }

    /// <summary>Number of constituents per jet in a file: the number of consecutive columns E_0, E_1, ... (200 in the reference dataset).</summary>
    /// <param name="path">The .h5 file.</param>
    /// <param name="key">The pandas key (group), default <c>table</c>.</param>
    /// <returns>M; 0 when the file has no E_0 column.</returns>
    public static int CountConstituents(string path, string key = DefaultKey)
    {
        using var reader = new Hdf5Reader(path);
        var columns = Blocks(reader, key).SelectMany(b => b.Items).ToHashSet(StringComparer.Ordinal);
        int m = 0;
        while (columns.Contains(Column("E", m))) m++;
        return m;
    }

    /// <summary>Reads jets [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of a file (all by default).</summary>
    /// <param name="path">The .h5 file.</param>
    /// <param name="dtype">Type of the constituents: float32 (default) or float64.</param>
    /// <param name="start">First jet.</param>
    /// <param name="count">Number of jets; default all from <paramref name="start"/>.</param>
    /// <param name="key">The pandas key (group), default <c>table</c>.</param>
    /// <returns>Constituents (n, M, 4) and labels; see <see cref="TopTaggingJets"/> for ownership.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The layout differs (missing group, block, column), rows disagree, or a label is not 0 or 1.</exception>
    public static TopTaggingJets Read(string path, torch.ScalarType dtype = torch.ScalarType.Float32, long start = 0, long? count = null, string key = DefaultKey)
    {
        if (dtype is not (torch.ScalarType.Float32 or torch.ScalarType.Float64))
            throw new ArgumentException($"Constituents are read as float32 or float64, not {dtype}.", nameof(dtype));
        using var reader = new Hdf5Reader(path);
        return Read(reader, dtype, start, count, key);
    }

    /// <summary>Reads jets [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) from an open file (a stream's reader).</summary>
    internal static TopTaggingJets Read(Hdf5Reader reader, torch.ScalarType dtype, long start, long? count, string key)
    {
        string path = reader.FilePath;
        var blocks = Blocks(reader, key);
        var where = new Dictionary<string, (int Block, int Column)>(StringComparer.Ordinal);
        for (int b = 0; b < blocks.Count; b++)
            for (int c = 0; c < blocks[b].Items.Length; c++)
                where.TryAdd(blocks[b].Items[c], (b, c));

        int m = 0;
        while (where.ContainsKey(Column("E", m))) m++;
        if (m == 0)
            throw new DataFormatException(path, $"{key}/block*_items", "no column E_0; expected constituent columns E_j, PX_j, PY_j, PZ_j.");
        if (!where.ContainsKey(LabelColumn))
            throw new DataFormatException(path, $"{key}/block*_items", $"no column '{LabelColumn}'; expected the label column.");
        var missing = Enumerable.Range(0, m).SelectMany(j => Components.Select(c => Column(c, j))).Where(c => !where.ContainsKey(c)).Take(5).ToList();
        if (missing.Count > 0)
            throw new DataFormatException(path, $"{key}/block*_items", $"{m} constituents have E_j columns but columns {string.Join(", ", missing)} are missing.");

        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        long total = blocks[0].Rows;
        if (start < 0 || start > total) throw new ArgumentOutOfRangeException(nameof(start), start, $"'{path}' holds {total} jets.");
        long n = count ?? total - start;
        if (n < 0 || start + n > total) throw new ArgumentOutOfRangeException(nameof(count), count, $"'{path}' holds {total} jets; {start}..{start + n} is outside.");

        if (n > Array.MaxLength / (4L * m))
            throw new DataFormatException(path, blocks[where[Column("E", 0)].Block].ValuesPath,
                $"{n} rows of {m} constituents x 4 do not fit in one tensor ({Array.MaxLength} elements at most); the header is corrupt, or read a slice (start, count) or use ReadChunks.");
        var constituents = torch.zeros([n, 4L * m], dtype);
        var needed = new Dictionary<int, List<(long Source, long Target)>>();
        for (int j = 0; j < m; j++)
            for (int c = 0; c < 4; c++)
            {
                var (block, column) = where[Column(Components[c], j)];
                if (!needed.TryGetValue(block, out var list)) needed[block] = list = [];
                list.Add((column, 4L * j + c));
            }
        foreach (var (block, pairs) in needed)
        {
            var values = reader.Read(blocks[block].ValuesPath, dtype, start, n);
            var source = torch.tensor(pairs.Select(p => p.Source).ToArray());
            var target = torch.tensor(pairs.Select(p => p.Target).ToArray());
            constituents.index_copy_(1, target, values.index_select(1, source));
        }

        var (labelBlock, labelColumn) = where[LabelColumn];
        var labelValues = reader.Read(blocks[labelBlock].ValuesPath, null, start, n)[.., labelColumn];
        var labels = labelValues.to_type(torch.ScalarType.Int64);
        var bad = (labels.lt(0) | labels.gt(1) | labels.to_type(labelValues.dtype).ne(labelValues)).nonzero();
        if (bad.shape[0] > 0)
        {
            long row = bad[0, 0].item<long>();
            throw new DataFormatException(path, blocks[labelBlock].ValuesPath,
                $"row {start + row} has {LabelColumn} = {labelValues[row].to_type(torch.ScalarType.Float64).item<double>().ToString(CultureInfo.InvariantCulture)}; expected 0 or 1.");
        }
        return new TopTaggingJets(constituents.reshape(n, m, 4).MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>Streams a file in chunks of <paramref name="chunkJets"/> jets; dispose each chunk before the next for bounded memory.</summary>
    /// <param name="path">The .h5 file.</param>
    /// <param name="chunkJets">Jets per chunk (positive).</param>
    /// <param name="dtype">Type of the constituents: float32 (default) or float64.</param>
    /// <param name="key">The pandas key (group), default <c>table</c>.</param>
    /// <returns>Chunks in file order, each owned by the caller.</returns>
    public static IEnumerable<TopTaggingJets> ReadChunks(string path, long chunkJets, torch.ScalarType dtype = torch.ScalarType.Float32, string key = DefaultKey)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkJets);
        long total = CountJets(path, key);
        return Enumerate();

        IEnumerable<TopTaggingJets> Enumerate()
        {
            for (long first = 0; first < total; first += chunkJets)
                yield return Read(path, dtype, first, Math.Min(chunkJets, total - first), key);
        }
    }

    private static string Column(string component, int j) => component + "_" + j.ToString(CultureInfo.InvariantCulture);

    private sealed record Block(string ValuesPath, string[] Items, long Rows);

    private static List<Block> Blocks(Hdf5Reader reader, string key)
    {
        if (!reader.Exists(key))
            throw new DataFormatException(reader.FilePath, key, "no such group; expected a pandas DataFrame written with to_hdf(key=\"table\") in fixed format; " + reader.DescribeContents());
        var blocks = new List<Block>();
        for (int b = 0; reader.Exists($"{key}/block{b}_items"); b++)
        {
            string itemsPath = $"{key}/block{b}_items", valuesPath = $"{key}/block{b}_values";
            string[] items = reader.ReadStrings(itemsPath);
            if (!reader.Exists(valuesPath))
                throw new DataFormatException(reader.FilePath, valuesPath, $"missing; expected the values of the {items.Length} columns listed in {itemsPath}.");
            long[] shape = reader.Shape(valuesPath);
            if (shape.Length != 2 || shape[1] != items.Length)
                throw new DataFormatException(reader.FilePath, valuesPath, $"shape [{string.Join(", ", shape)}]; expected [rows, {items.Length}] (one column per name in {itemsPath}).");
            if (blocks.Count > 0 && shape[0] != blocks[0].Rows)
                throw new DataFormatException(reader.FilePath, valuesPath, $"has {shape[0]} rows; expected {blocks[0].Rows} like {blocks[0].ValuesPath}.");
            blocks.Add(new Block(valuesPath, items, shape[0]));
        }
        if (blocks.Count == 0)
            throw new DataFormatException(reader.FilePath, $"{key}/block0_items", "missing; expected pandas fixed-format blocks block0_items/block0_values, ...; " + reader.DescribeContents());
        return blocks;
    }
}
