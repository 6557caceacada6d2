namespace DeepLearning.Torch.Data;

/// <summary>
/// Finds the folder that holds the datasets. Order of precedence: an explicit folder passed by the caller,
/// then the environment variable <see cref="EnvironmentVariable"/>, then the repository's <c>data/</c> folder
/// (when it holds the requested entry), then <c>../shared/data</c> beside the repository (when present).
/// The repository is found by walking up from the application folder and the current folder to the folder
/// that contains <c>DeepLearning.sln</c>.
/// </summary>
public static class DataRoot
{
    /// <summary>The environment variable naming the data folder: <c>DEEPLEARNING_DATA</c>.</summary>
    public const string EnvironmentVariable = "DEEPLEARNING_DATA";

    private const string SolutionFile = "DeepLearning.sln";

    /// <summary>
    /// Returns the full path of <paramref name="entry"/> (a file or folder, e.g. <c>cifar-10-batches-bin</c>)
    /// under the first data folder that has it.
    /// </summary>
    /// <param name="entry">Relative path of the file or folder wanted inside the data folder.</param>
    /// <param name="explicitRoot">A data folder chosen by the caller; when given, only it is searched.</param>
    /// <returns>The full path of the entry.</returns>
    /// <exception cref="DirectoryNotFoundException">No candidate folder has the entry; the message lists every place searched.</exception>
    public static string Locate(string entry, string? explicitRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entry);
        var searched = new List<string>();
        foreach (var (root, origin) in Candidates(explicitRoot))
        {
            string full = Path.GetFullPath(Path.Combine(root, entry));
            searched.Add($"{full} ({origin})");
            if (File.Exists(full) || Directory.Exists(full)) return full;
        }
        throw new DirectoryNotFoundException($"Data entry '{entry}' was not found. {DescribeSearch(searched, explicitRoot)}");
    }

    /// <summary>
    /// Finds the folder of a dataset that is kept under one of several folder names (the full dataset first, say, then
    /// layout samples). With <paramref name="explicitRoot"/> only that folder is searched: its sub-folders
    /// <paramref name="folderNames"/> in order, then the folder itself. Without it, each folder name under each of
    /// the <see cref="Candidates"/> in order (a folder name before the next, so a full dataset anywhere wins).
    /// </summary>
    /// <param name="folderNames">Names of the dataset's folder inside a data folder, in order of preference.</param>
    /// <param name="holdsDataset">Whether a folder (which exists) holds the dataset's files.</param>
    /// <param name="explicitRoot">A data folder, or the dataset folder itself, chosen by the caller; when given, only it is searched.</param>
    /// <param name="searched">Every folder looked at, each followed by where it came from in parentheses.</param>
    /// <returns>The full path of the first folder that holds the dataset, or <see langword="null"/>.</returns>
    public static string? FindDataset(IReadOnlyList<string> folderNames, Func<string, bool> holdsDataset, string? explicitRoot, out IReadOnlyList<string> searched)
    {
        var (found, looked) = Search(folderNames, holdsDataset, explicitRoot);
        searched = looked.Select(l => $"{l.Folder} ({l.Origin})").ToList();
        return found;
    }

    /// <summary>
    /// As <see cref="FindDataset"/>, but throws when no folder holds the dataset, naming every path looked for.
    /// </summary>
    /// <param name="dataset">The dataset's name for the message, e.g. "top-tagging".</param>
    /// <param name="folderNames">Names of the dataset's folder inside a data folder, in order of preference.</param>
    /// <param name="expectedFiles">The files (or patterns) a folder must hold, relative to it, for the message.</param>
    /// <param name="holdsDataset">Whether a folder (which exists) holds the dataset's files.</param>
    /// <param name="explicitRoot">A data folder, or the dataset folder itself, chosen by the caller; when given, only it is searched.</param>
    /// <returns>The full path of the first folder that holds the dataset.</returns>
    /// <exception cref="DirectoryNotFoundException">No folder holds the dataset; the message lists each file looked for.</exception>
    public static string LocateDataset(string dataset, IReadOnlyList<string> folderNames, IReadOnlyList<string> expectedFiles,
        Func<string, bool> holdsDataset, string? explicitRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        ArgumentNullException.ThrowIfNull(expectedFiles);
        var (found, looked) = Search(folderNames, holdsDataset, explicitRoot);
        if (found is not null) return found;
        var files = looked.Select(l => string.Join(", ", expectedFiles.Select(f => Path.Combine(l.Folder, f))) + $" ({l.Origin})").ToList();
        throw new DirectoryNotFoundException($"No {dataset} files were found. {DescribeSearch(files, explicitRoot)}");
    }

    private static (string? Found, List<(string Folder, string Origin)> Looked) Search(
        IReadOnlyList<string> folderNames, Func<string, bool> holdsDataset, string? explicitRoot)
    {
        ArgumentNullException.ThrowIfNull(folderNames);
        ArgumentNullException.ThrowIfNull(holdsDataset);
        var candidates = Candidates(explicitRoot);
        var folders = folderNames.SelectMany(name => candidates.Select(c => (Folder: Path.GetFullPath(Path.Combine(c.Root, name)), c.Origin))).ToList();
        if (!string.IsNullOrWhiteSpace(explicitRoot)) folders.Add(candidates[0]);
        for (int i = 0; i < folders.Count; i++)
        {
            if (Directory.Exists(folders[i].Folder) && holdsDataset(folders[i].Folder)) return (folders[i].Folder, folders[..(i + 1)]);
        }
        return (null, folders);
    }

    /// <summary>The places searched, for an error message, with advice that fits: about the folder given, or about the defaults.</summary>
    /// <param name="searched">What was looked for, one entry per place.</param>
    /// <param name="explicitRoot">The folder the caller gave, or <see langword="null"/> when the defaults were searched.</param>
    internal static string DescribeSearch(IReadOnlyList<string> searched, string? explicitRoot)
    {
        if (searched.Count == 0)
        {
            return $"There was nowhere to search: no data folder was passed, {EnvironmentVariable} is not set, and no {SolutionFile} was found above " +
                   $"{AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}. Pass a data folder or set {EnvironmentVariable}.";
        }
        string list = $"Searched:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", searched) + Environment.NewLine;
        if (string.IsNullOrWhiteSpace(explicitRoot))
        {
            return list + $"Pass a data folder explicitly, set {EnvironmentVariable}, or download the dataset with the scripts in the repository's data/ folder.";
        }
        string full = Path.GetFullPath(explicitRoot);
        return list + (Directory.Exists(full) ? $"Only the folder given, {full}, was searched" : $"The folder given, {full}, does not exist")
               + "; pass the folder that holds the files (or its parent data folder), or download the dataset with the scripts in the repository's data/ folder.";
    }

    /// <summary>The data folders searched, in order, each with where it came from.</summary>
    /// <param name="explicitRoot">A data folder chosen by the caller; when given, it is the only candidate.</param>
    /// <returns>Pairs of folder and origin ("argument", "environment", "repository", "shared").</returns>
    public static IReadOnlyList<(string Root, string Origin)> Candidates(string? explicitRoot = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitRoot)) return [(Path.GetFullPath(explicitRoot), "argument")];
        var list = new List<(string, string)>();
        string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) list.Add((Path.GetFullPath(env), $"environment variable {EnvironmentVariable}"));
        string? repo = FindRepositoryRoot();
        if (repo is not null)
        {
            list.Add((Path.Combine(repo, "data"), "repository data folder"));
            list.Add((Path.GetFullPath(Path.Combine(repo, "..", "shared", "data")), "shared data beside the repository"));
        }
        return list;
    }

    /// <summary>The folder containing <c>DeepLearning.sln</c> above the application or current folder, or <see langword="null"/>.</summary>
    /// <returns>The repository root, or <see langword="null"/> when none is found.</returns>
    public static string? FindRepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        return null;
    }
}
