using System.Diagnostics;
using Xunit;

namespace DeepLearning.Torch.Tests.Examples;

/// <summary>Runs a built example program as a child process, as a newcomer would, and returns its output.</summary>
internal static class ExampleRunner
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static (int ExitCode, string Output) Run(string example, TimeSpan timeout, params string[] arguments)
    {
        var (code, stdout, stderr) = RunSeparately(example, timeout, arguments);
        return (code, stdout + stderr);
    }

    /// <summary>As <see cref="Run"/>, with standard output and standard error apart.</summary>
    public static (int ExitCode, string Output, string Error) RunSeparately(string example, TimeSpan timeout, params string[] arguments)
    {
        string dll = Locate(example);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(dll);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{example} did not finish within {timeout.TotalSeconds} s.\n{stdout.Result}\n{stderr.Result}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static void AssertFiles(string folder, params string[] files)
    {
        foreach (string file in files)
        {
            string path = Path.Combine(folder, file);
            Assert.True(File.Exists(path), $"{path} is missing; the folder holds: {string.Join(", ", Directory.Exists(folder) ? Directory.GetFiles(folder).Select(Path.GetFileName) : [])}");
            Assert.True(new FileInfo(path).Length > 0, $"{path} is empty");
        }
    }

    internal static string Locate(string example)
    {
        // The examples are built by the test project (ProjectReference without assembly reference), same configuration.
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string bin = Path.Combine(RepositoryRoot, "examples", example, "bin", configuration);
        var candidates = Directory.Exists(bin) ? Directory.GetFiles(bin, example + ".dll", SearchOption.AllDirectories) : [];
        Assert.True(candidates.Length > 0, $"examples/{example} is not built under {bin}; build the solution first.");
        return candidates.OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepLearning.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("DeepLearning.sln not found above " + AppContext.BaseDirectory);
    }
}
