namespace DeepLearning.Examples.Scan;

/// <summary>Finds the built assembly of an example of this repository (a spec's <c>{ "example": "TopTagging" }</c>).</summary>
public static class ExampleLocator
{
    /// <summary>The newest <c>examples/NAME/bin/**/NAME.dll</c> above this program's folder.</summary>
    /// <param name="name">Example name.</param>
    /// <exception cref="FileNotFoundException">The example is not built, naming the folder and the build command.</exception>
    public static string Locate(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "DeepLearning.sln"))) continue;
            string bin = Path.Combine(dir.FullName, "examples", name, "bin");
            var found = Directory.Exists(bin) ? Directory.GetFiles(bin, name + ".dll", SearchOption.AllDirectories) : [];
            if (found.Length == 0)
                throw new FileNotFoundException($"example {name} is not built: no {name}.dll under {bin}; run 'dotnet build examples/{name}' (or give the program as {{\"dll\": \"path\"}})");
            return found.OrderByDescending(File.GetLastWriteTimeUtc).First();
        }
        throw new FileNotFoundException($"example {name}: this program does not run from a checkout of the repository (no DeepLearning.sln above {AppContext.BaseDirectory}); give the program as {{\"dll\": \"path\"}}");
    }
}
