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
        throw new DirectoryNotFoundException(
            $"Data entry '{entry}' was not found. Searched:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", searched) + Environment.NewLine +
            $"Pass a data folder explicitly, set {EnvironmentVariable}, or download the dataset with the scripts in the repository's data/ folder.");
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
