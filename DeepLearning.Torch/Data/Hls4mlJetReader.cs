using DeepLearning.Torch.Runtime;
using TorchSharp;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Reads the HLS4ML LHC jet dataset layout (Zenodo record 3602260, files <c>jetImage_*_100p_*.h5</c>):
/// <c>jetImage</c> (N, 100, 100), <c>jetConstituentList</c> (N, 100, 16), <c>jets</c> (N, 59) whose columns are
/// named by <c>jetFeatureNames</c> and include the one-hot labels <c>j_g, j_q, j_w, j_z, j_t</c> (and <c>j_undef</c>),
/// and <c>particleFeatureNames</c>. Several files are concatenated in the given order.
/// </summary>
public static class Hls4mlJetReader
{
    /// <summary>Columns of <c>jets</c> that are labels, not features.</summary>
    private static readonly string[] LabelLike = [.. Hls4mlJets.LabelColumns, Hls4mlJets.UndefinedLabelColumn];

    /// <summary>Reads and concatenates several files.</summary>
    /// <param name="files">The .h5 files, in order.</param>
    /// <param name="includeImages">Whether to read <c>jetImage</c> (40 kB per jet).</param>
    /// <param name="includeConstituents">Whether to read <c>jetConstituentList</c>.</param>
    /// <returns>The jets; see <see cref="Hls4mlJets"/> for ownership.</returns>
    /// <exception cref="ArgumentException"><paramref name="files"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="DataFormatException">A dataset is missing or has the wrong shape, files disagree on feature names, or a row's one-hot label is not exactly one of j_g..j_t.</exception>
    public static Hls4mlJets Read(IEnumerable<string> files, bool includeImages = true, bool includeConstituents = true)
    {
        ArgumentNullException.ThrowIfNull(files);
        string[] paths = files.ToArray();
        if (paths.Length == 0) throw new ArgumentException("At least one HLS4ML file is needed.", nameof(files));
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var parts = paths.Select(p => ReadFile(p, includeImages, includeConstituents)).ToList();
        for (int i = 1; i < parts.Count; i++)
            if (!parts[i].FeatureNames.SequenceEqual(parts[0].FeatureNames))
                throw new DataFormatException(paths[i], "jetFeatureNames", $"differs from the feature names of '{paths[0]}'; expected the same columns in every file.");
        torch.Tensor Cat(Func<Hls4mlJets, torch.Tensor?> pick) =>
            (parts.Count == 1 ? pick(parts[0])! : torch.cat(parts.Select(p => pick(p)!).ToArray(), 0)).MoveToOuterDisposeScope();
        return new Hls4mlJets(
            includeImages ? Cat(p => p.Images) : null,
            includeConstituents ? Cat(p => p.Constituents) : null,
            Cat(p => p.Features), Cat(p => p.Labels), parts[0].FeatureNames, parts[0].ParticleFeatureNames);
    }

    private static Hls4mlJets ReadFile(string path, bool includeImages, bool includeConstituents)
    {
        using var reader = new Hdf5Reader(path);
        return ReadRows(reader, 0, null, includeImages, includeConstituents);
    }

    /// <summary>Reads jets [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) (all by default) of an open file.</summary>
    internal static Hls4mlJets ReadRows(Hdf5Reader reader, long start, long? count, bool includeImages, bool includeConstituents)
    {
        string path = reader.FilePath;
        string[] names = reader.ReadStrings("jetFeatureNames");
        string[] particleNames = reader.Exists("particleFeatureNames") ? reader.ReadStrings("particleFeatureNames") : [];
        long[] shape = reader.Shape("jets");
        if (shape.Length != 2 || shape[1] != names.Length)
            throw new DataFormatException(path, "jets", $"shape [{string.Join(", ", shape)}]; expected [N, {names.Length}] (one column per name in jetFeatureNames).");
        long total = shape[0];
        if (start < 0 || start > total) throw new ArgumentOutOfRangeException(nameof(start), start, $"'{path}' holds {total} jets.");
        long n = count ?? total - start;
        if (n < 0 || start + n > total) throw new ArgumentOutOfRangeException(nameof(count), count, $"'{path}' holds {total} jets; {start}..{start + n} is outside.");
        int[] labelIndex = Hls4mlJets.LabelColumns.Select(c => Array.IndexOf(names, c)).ToArray();
        if (labelIndex.Contains(-1))
            throw new DataFormatException(path, "jetFeatureNames", $"lacks label column(s) {string.Join(", ", Hls4mlJets.LabelColumns.Where((c, i) => labelIndex[i] < 0))}; expected j_g, j_q, j_w, j_z, j_t.");
        int[] featureIndex = Enumerable.Range(0, names.Length).Where(i => !LabelLike.Contains(names[i])).ToArray();

        var jets = reader.Read("jets", torch.ScalarType.Float32, start, n);
        var oneHot = jets.index_select(1, torch.tensor(labelIndex.Select(i => (long)i).ToArray()));
        var isBinary = oneHot.eq(0) | oneHot.eq(1);
        var valid = isBinary.all(1) & oneHot.sum(1).eq(1);
        var bad = valid.logical_not().nonzero();
        if (bad.shape[0] > 0)
        {
            long row = bad[0, 0].item<long>();
            float[] values = oneHot[row].data<float>().ToArray();
            throw new DataFormatException(path, "jets", $"row {start + row} has labels j_g..j_t = [{string.Join(", ", values)}]; expected exactly one of them to be 1 and the others 0 (class index out of range).");
        }
        var labels = oneHot.argmax(1);
        var features = jets.index_select(1, torch.tensor(featureIndex.Select(i => (long)i).ToArray()));

        torch.Tensor? images = null, constituents = null;
        if (includeImages)
        {
            long[] s = reader.Shape("jetImage");
            if (s.Length != 3 || s[0] != total)
                throw new DataFormatException(path, "jetImage", $"shape [{string.Join(", ", s)}]; expected [{total}, H, W].");
            images = reader.Read("jetImage", torch.ScalarType.Float32, start, n).unsqueeze(1);
        }
        if (includeConstituents)
        {
            long[] s = reader.Shape("jetConstituentList");
            if (s.Length != 3 || s[0] != total)
                throw new DataFormatException(path, "jetConstituentList", $"shape [{string.Join(", ", s)}]; expected [{total}, particles, features].");
            constituents = reader.Read("jetConstituentList", torch.ScalarType.Float32, start, n);
        }
        return new Hls4mlJets(images, constituents, features, labels, featureIndex.Select(i => names[i]).ToArray(), particleNames);
    }
}
