using System.Globalization;
using PureHDF;

namespace DeepLearning.Torch.Data.Jets;

/// <summary>
/// Writes TOY jets from <see cref="ToyJetGenerator"/> in the on-disk layout of the Top Quark Tagging
/// Reference Dataset (pandas fixed format) and of the HLS4ML LHC jet dataset, with PureHDF, so that examples
/// and tests run with no download. The content is a toy (see <see cref="ToyJetGenerator"/>); only the layout
/// matches the real datasets.
/// </summary>
public static partial class ToyJetWriter
{
    /// <summary>
    /// Writes <paramref name="jets"/> jets, alternating top (label 1) and QCD (label 0) in a seeded random
    /// order, as a pandas DataFrame in fixed format under key <c>table</c>: columns <c>E_i, PX_i, PY_i, PZ_i</c>
    /// for i &lt; <paramref name="constituents"/>, <c>truthE, truthPX, truthPY, truthPZ</c> (zero in the toy)
    /// in a float32 block, and <c>ttv</c>, <c>is_signal_new</c> in an int64 block.
    /// Readable by <see cref="TopTaggingReader"/> and h5py. Not by <c>pandas.read_hdf</c>: PureHDF 2.2.0 writes
    /// every string with one length (<c>H5WriteOptions.DefaultStringLength</c>), so the PyTables attributes
    /// (<c>pandas_type</c> = "frame", ...) come back NUL-padded and pandas does not recognise them, and with
    /// variable-length strings the column-name datasets are a type PyTables cannot read.
    /// </summary>
    /// <param name="path">File to create (overwritten).</param>
    /// <param name="jets">Number of jets (≥ 1).</param>
    /// <param name="seed">Seed of the generator.</param>
    /// <param name="constituents">Constituents per jet (200 in the reference dataset).</param>
    public static void WriteTopTagging(string path, int jets, int seed, int constituents = 200)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(constituents);
        var generator = new ToyJetGenerator(seed);
        var order = new Random(seed ^ 0x5bd1e995);
        int floatColumns = 4 * constituents + 4;
        var values = new float[(long)jets * floatColumns];
        var ints = new long[jets * 2L];
        for (int i = 0; i < jets; i++)
        {
            bool top = order.NextDouble() < 0.5;
            float[] jet = generator.Generate(top ? ToyJetKind.Top : ToyJetKind.Qcd, constituents);
            Array.Copy(jet, 0, values, (long)i * floatColumns, jet.Length);
            ints[2 * i] = i % 3;          // ttv: the reference files use 0 = test, 1 = train, 2 = validation
            ints[2 * i + 1] = top ? 1 : 0;
        }
        string[] floatNames = [.. Enumerable.Range(0, constituents).SelectMany(j => TopTaggingReader.Components.Select(c => c + "_" + j.ToString(CultureInfo.InvariantCulture))),
            "truthE", "truthPX", "truthPY", "truthPZ"];
        string[] intNames = ["ttv", TopTaggingReader.LabelColumn];
        var table = new H5Group
        {
            ["axis0"] = PandasArray((string[])[.. floatNames, .. intNames], "string"),
            ["axis1"] = PandasArray(Enumerable.Range(0, jets).Select(i => (long)i).ToArray(), "integer"),
            ["block0_items"] = PandasArray(floatNames, "string"),
            ["block0_values"] = PandasArray(values, null, [(ulong)jets, (ulong)floatColumns]),
            ["block1_items"] = PandasArray(intNames, "string"),
            ["block1_values"] = PandasArray(ints, null, [(ulong)jets, 2]),
        };
        foreach (var (key, value) in new (string, object)[]
        {
            ("CLASS", "GROUP"), ("VERSION", "1.0"), ("TITLE", ""), ("pandas_type", "frame"), ("pandas_version", "0.15.2"),
            ("encoding", "UTF-8"), ("errors", "strict"), ("ndim", 2L), ("nblocks", 2L),
            ("axis0_variety", "regular"), ("axis1_variety", "regular"),
            ("block0_items_variety", "regular"), ("block1_items_variety", "regular"),
        })
            table.Attributes[key] = value;
        var file = new H5File { ["table"] = table };
        file.Attributes["CLASS"] = "GROUP";
        file.Attributes["PYTABLES_FORMAT_VERSION"] = "2.1";
        file.Attributes["TITLE"] = "";
        file.Attributes["VERSION"] = "1.0";
        int longest = floatNames.Concat(intNames).Max(n => n.Length);
        file.Write(path, new H5WriteOptions(DefaultStringLength: Math.Max(longest, 8)));
    }

    /// <summary>Wraps an array as a dataset with the attributes PyTables/pandas expect (values stored transposed, rows first).</summary>
    private static H5Dataset PandasArray(object data, string? kind, ulong[]? dims = null)
    {
        var dataset = dims is null
            ? new H5Dataset(data)
            : new H5Dataset(data, fileDims: dims);
        dataset.Attributes["CLASS"] = "ARRAY";
        dataset.Attributes["FLAVOR"] = "numpy";
        dataset.Attributes["TITLE"] = "";
        dataset.Attributes["VERSION"] = "2.4";
        dataset.Attributes["transposed"] = 1L;
        if (kind is not null) dataset.Attributes["kind"] = kind;
        return dataset;
    }
}
