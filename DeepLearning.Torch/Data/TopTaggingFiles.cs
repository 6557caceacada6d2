using System.Globalization;
using DeepLearning.Torch.Data.Jets;

namespace DeepLearning.Torch.Data;

/// <summary>
/// The <c>train.h5</c>, <c>val.h5</c> and <c>test.h5</c> files of a top-tagging dataset in the layout of the Top
/// Quark Tagging Reference Dataset (read by <see cref="TopTaggingReader"/>), found in a data folder or written as
/// toy jets. <see cref="Description"/> says what was found (folder, file names, jet counts, constituents per jet)
/// rather than assuming it is the reference dataset: layout samples and toy files look the same on disk.
/// </summary>
public sealed class TopTaggingFiles
{
    /// <summary>Names of the folder inside a data folder, in order of preference: <c>toptagging</c> (the full dataset), <c>toptagging-format</c> (layout samples).</summary>
    public static IReadOnlyList<string> FolderNames { get; } = ["toptagging", "toptagging-format"];

    /// <summary>The files a folder must hold: <c>train.h5</c> and <c>test.h5</c> (<c>val.h5</c> is used when present).</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = ["train.h5", "test.h5"];

    /// <param name="folder">The folder holding the files.</param>
    /// <param name="isToy">Whether they are toy jets.</param>
    /// <param name="origin">Start of the description: where the files came from, naming the folder.</param>
    private TopTaggingFiles(string folder, bool isToy, string origin)
    {
        Folder = folder;
        Train = Path.Combine(folder, "train.h5");
        Test = Path.Combine(folder, "test.h5");
        string val = Path.Combine(folder, "val.h5");
        Validation = File.Exists(val) ? val : null;
        IsToy = isToy;
        var files = new[] { Train, Validation, Test }.OfType<string>()
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(f)} {TopTaggingReader.CountJets(f):N0} jets"));
        int constituents = TopTaggingReader.CountConstituents(Train);
        Description = $"{origin}: {string.Join(", ", files)} (top-tagging layout: pandas table, {constituents} constituents E, px, py, pz per jet)";
    }

    /// <summary>The folder holding the files (full path).</summary>
    public string Folder { get; }

    /// <summary>The training file.</summary>
    public string Train { get; }

    /// <summary>The validation file, or <see langword="null"/> when the folder has no <c>val.h5</c> (split the training jets instead).</summary>
    public string? Validation { get; }

    /// <summary>The test file.</summary>
    public string Test { get; }

    /// <summary>Whether the files are toy jets written by <see cref="LocateOrWriteToy"/>.</summary>
    public bool IsToy { get; }

    /// <summary>What the files are, for the console and reports: origin, folder, each file with its jet count, and the layout.</summary>
    public string Description { get; }

    /// <summary>
    /// Finds the files. With <paramref name="dataFolder"/>: only there, in its sub-folders <see cref="FolderNames"/>,
    /// then in the folder itself. Without: under the default data folders (<see cref="DataRoot.Candidates"/>).
    /// </summary>
    /// <param name="dataFolder">A data folder, or the folder holding the .h5 files; <see langword="null"/> searches the defaults.</param>
    /// <returns>The files found.</returns>
    /// <exception cref="DirectoryNotFoundException">No folder holds them; the message names every path looked for.</exception>
    /// <exception cref="DataFormatException">A file found is not in the top-tagging layout.</exception>
    public static TopTaggingFiles Locate(string? dataFolder = null) =>
        Found(DataRoot.LocateDataset("top-tagging", FolderNames, RequiredFiles, Holds, dataFolder));

    /// <summary>
    /// As <see cref="Locate"/> when <paramref name="dataFolder"/> is given (a folder that does not hold the files is an
    /// error, never replaced by toy jets). Without it, the default data folders are searched and, when none holds the
    /// files, TOY jets (<see cref="ToyJetWriter.WriteTopTagging"/>; no physics meaning) are written into
    /// <paramref name="toyFolder"/>, or reused from an earlier run.
    /// </summary>
    /// <param name="dataFolder">A data folder, or the folder holding the .h5 files; <see langword="null"/> searches the defaults.</param>
    /// <param name="toyFolder">Where toy jets are written when nothing is found (created when missing).</param>
    /// <param name="seed">Seed of the toy jets (the training, validation and test files use seed, seed + 1, seed + 2).</param>
    /// <param name="trainJets">Toy training jets. <value>Default 20,000.</value></param>
    /// <param name="validationJets">Toy validation jets. <value>Default 4,000.</value></param>
    /// <param name="testJets">Toy test jets. <value>Default 10,000.</value></param>
    /// <returns>The files found or written.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="dataFolder"/> was given but holds no top-tagging files; the message names every path looked for.</exception>
    public static TopTaggingFiles LocateOrWriteToy(string? dataFolder, string toyFolder, long seed,
        int trainJets = 20_000, int validationJets = 4_000, int testJets = 10_000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toyFolder);
        if (!string.IsNullOrWhiteSpace(dataFolder)) return Locate(dataFolder);
        string? found = DataRoot.FindDataset(FolderNames, Holds, null, out _);
        if (found is not null) return Found(found);
        string folder = Directory.CreateDirectory(toyFolder).FullName;
        var files = new[] { ("train.h5", trainJets), ("val.h5", validationJets), ("test.h5", testJets) };
        for (int i = 0; i < files.Length; i++)
        {
            string path = Path.Combine(folder, files[i].Item1);
            if (!File.Exists(path)) ToyJetWriter.WriteTopTagging(path, files[i].Item2, seed: unchecked((int)seed + i));
        }
        return new TopTaggingFiles(folder, true,
            string.Create(CultureInfo.InvariantCulture,
                $"TOY jets (seeded parton-shower toy, seed {seed}; no physics meaning) in {folder}, written because no data folder was given and the default ones hold no top-tagging files (see data/README.md)"));
    }

    /// <summary>Reads the first <paramref name="limit"/> training jets (all when null or larger than the file).</summary>
    /// <param name="limit">Most jets to read, or <see langword="null"/> for all.</param>
    /// <returns>The jets; the caller disposes them.</returns>
    public TopTaggingJets ReadTraining(long? limit = null)
    {
        long count = TopTaggingReader.CountJets(Train);
        return TopTaggingReader.Read(Train, count: limit is long l ? Math.Min(l, count) : count);
    }

    /// <summary>Reads the validation jets, or returns <see langword="null"/> when there is no validation file.</summary>
    /// <returns>The jets (the caller disposes them), or <see langword="null"/>.</returns>
    public TopTaggingJets? ReadValidation() => Validation is null ? null : TopTaggingReader.Read(Validation);

    /// <summary>Reads the test jets.</summary>
    /// <returns>The jets; the caller disposes them.</returns>
    public TopTaggingJets ReadTest() => TopTaggingReader.Read(Test);

    private static TopTaggingFiles Found(string folder) => new(folder, false, $"Found in {folder}");

    private static bool Holds(string folder) => RequiredFiles.All(f => File.Exists(Path.Combine(folder, f)));
}
