using System.Text.Json;

namespace DeepLearning.Torch.Tests.Data;

/// <summary>Locates the shared real data (../shared/data beside the repository) and the checked-in fixtures.</summary>
internal static class TestData
{
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "DeepLearning.sln"))) return dir.FullName;
            throw new InvalidOperationException($"No folder containing DeepLearning.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The shared data folder; fails (never skips) with a clear message when it is missing.</summary>
    public static string Shared(params string[] parts)
    {
        string root = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        string path = Path.Combine([root, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException(
                $"Shared test data '{path}' is missing. These tests need the real data folder ../shared/data beside the repository " +
                "(see data/README.md); they fail rather than skip so that missing data is noticed.");
        return path;
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Data", name);

    public static JsonElement Reference(string section)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("reference.json")));
        return doc.RootElement.GetProperty(section).Clone();
    }

    public static long[] Longs(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    /// <summary>A temporary folder deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dlt-data-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}
