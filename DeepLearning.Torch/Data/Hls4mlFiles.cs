using System.Globalization;
using DeepLearning.Torch.Data.Jets;

namespace DeepLearning.Torch.Data;

/// <summary>
/// The <c>jetImage_*.h5</c> files of a jet dataset in the layout of the HLS4ML LHC jet dataset (read by
/// <see cref="Hls4mlJetReader"/>), found in a data folder or written as toy jets. <see cref="Description"/> says what
/// was found (folder, file names, jet counts, image size) rather than assuming it is the HLS4ML dataset: layout
/// samples and toy files look the same on disk.
/// </summary>
public sealed class Hls4mlFiles
{
    /// <summary>Names of the folder inside a data folder, in order of preference: <c>hls4ml</c> (the full dataset), <c>hls4ml-format</c> (layout samples).</summary>
    public static IReadOnlyList<string> FolderNames { get; } = ["hls4ml", "hls4ml-format"];

    /// <summary>The files looked for, in the folder and its sub-folders: <c>jetImage_*.h5</c>.</summary>
    public const string FilePattern = "jetImage_*.h5";

    private const int ListedFiles = 4;

    /// <param name="folder">The folder holding the files.</param>
    /// <param name="isToy">Whether they are toy jets.</param>
    /// <param name="origin">Start of the description: where the files came from, naming the folder.</param>
    private Hls4mlFiles(string folder, bool isToy, string origin)
    {
        Folder = folder;
        Files = FilesIn(folder);
        IsToy = isToy;
        var counts = Files.Select(f =>
        {
            using var reader = new Hdf5Reader(f);
            return (Name: Path.GetRelativePath(folder, f), Jets: reader.Shape("jets")[0], Image: reader.Exists("jetImage") ? reader.Shape("jetImage") : null);
        }).ToList();
        var listed = counts.Take(ListedFiles).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Jets:N0} jets"));
        string more = counts.Count > ListedFiles ? $", and {counts.Count - ListedFiles} more" : "";
        string image = counts[0].Image is { Length: 3 } s ? string.Create(CultureInfo.InvariantCulture, $", {s[1]}x{s[2]} images") : ", no jet images";
        Description = string.Create(CultureInfo.InvariantCulture,
            $"{origin}: {counts.Sum(c => c.Jets):N0} jets in {counts.Count} file(s), {string.Join(", ", listed)}{more} (HLS4ML jet layout{image}, classes g, q, W, Z, t)");
    }

    /// <summary>The folder holding the files (full path).</summary>
    public string Folder { get; }

    /// <summary>The files, sorted by path.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Whether the files are toy jets written by <see cref="LocateOrWriteToy"/>.</summary>
    public bool IsToy { get; }

    /// <summary>What the files are, for the console and reports: origin, folder, files with their jet counts, and the layout.</summary>
    public string Description { get; }

    /// <summary>
    /// Finds the files. With <paramref name="dataFolder"/>: only there, in its sub-folders <see cref="FolderNames"/>,
    /// then in the folder itself. Without: under the default data folders (<see cref="DataRoot.Candidates"/>).
    /// A folder holds the dataset when it or a folder below it has a <see cref="FilePattern"/> file.
    /// </summary>
    /// <param name="dataFolder">A data folder, or the folder holding the .h5 files; <see langword="null"/> searches the defaults.</param>
    /// <returns>The files found.</returns>
    /// <exception cref="DirectoryNotFoundException">No folder holds them; the message names every path looked for.</exception>
    /// <exception cref="DataFormatException">A file found lacks the <c>jets</c> dataset.</exception>
    public static Hls4mlFiles Locate(string? dataFolder = null) =>
        Found(DataRoot.LocateDataset("HLS4ML jet", FolderNames, [Path.Combine("**", FilePattern)], Holds, dataFolder));

    /// <summary>
    /// As <see cref="Locate"/> when <paramref name="dataFolder"/> is given (a folder that does not hold the files is an
    /// error, never replaced by toy jets). Without it, the default data folders are searched and, when none holds the
    /// files, TOY jets (<see cref="ToyJetWriter.WriteHls4ml"/>; no physics meaning) are written into
    /// <paramref name="toyFolder"/>, or reused from an earlier run.
    /// </summary>
    /// <param name="dataFolder">A data folder, or the folder holding the .h5 files; <see langword="null"/> searches the defaults.</param>
    /// <param name="toyFolder">Where toy jets are written when nothing is found (created when missing).</param>
    /// <param name="seed">Seed of the toy jets.</param>
    /// <param name="jets">Toy jets. <value>Default 5,000.</value></param>
    /// <returns>The files found or written.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="dataFolder"/> was given but holds no HLS4ML files; the message names every path looked for.</exception>
    public static Hls4mlFiles LocateOrWriteToy(string? dataFolder, string toyFolder, long seed, int jets = 5_000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toyFolder);
        if (!string.IsNullOrWhiteSpace(dataFolder)) return Locate(dataFolder);
        string? found = DataRoot.FindDataset(FolderNames, Holds, null, out _);
        if (found is not null) return Found(found);
        string folder = Directory.CreateDirectory(toyFolder).FullName;
        string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"jetImage_toy_100p_0_{jets}.h5"));
        if (!File.Exists(path)) ToyJetWriter.WriteHls4ml(path, jets, unchecked((int)seed));
        return new Hls4mlFiles(folder, true, string.Create(CultureInfo.InvariantCulture,
            $"TOY jets (seeded parton-shower toy, seed {seed}; no physics meaning) in {folder}, written because no data folder was given and the default ones hold no HLS4ML files (see data/README.md)"));
    }

    /// <summary>Reads and concatenates the files (<see cref="Hls4mlJetReader.Read"/>).</summary>
    /// <param name="includeImages">Whether to read <c>jetImage</c>.</param>
    /// <param name="includeConstituents">Whether to read <c>jetConstituentList</c>.</param>
    /// <returns>The jets; the caller disposes them.</returns>
    public Hls4mlJets Read(bool includeImages = true, bool includeConstituents = true) => Hls4mlJetReader.Read(Files, includeImages, includeConstituents);

    private static Hls4mlFiles Found(string folder) => new(folder, false, $"Found in {folder}");

    private static string[] FilesIn(string folder) => Directory.GetFiles(folder, FilePattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private static bool Holds(string folder) => FilesIn(folder).Length > 0;
}
