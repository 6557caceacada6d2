using System.Diagnostics;
using DeepLearning.Torch.Runtime;
using Xunit;

namespace DeepLearning.Torch.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_WithCpuBackend_LoadsAndComputes()
    {
        TorchRuntime.EnsureLoaded();
        Assert.True(TorchRuntime.IsAvailable);
        using var a = TorchSharp.torch.ones(3);
        Assert.Equal(6f, (a + a).sum().item<float>());
    }

    [Fact]
    public void Explain_MissingBackend_SaysWhichPackageToInstall()
    {
        var failure = new NotSupportedException("outer", new DllNotFoundException("Unable to load shared library 'LibTorchSharp'"));
        string message = TorchRuntime.Explain(failure);
        Assert.Contains("libtorch (the TorchSharp native backend) could not be loaded: Unable to load shared library 'LibTorchSharp'", message);
        Assert.Contains("TorchSharp-cpu", message);
        Assert.Contains("TorchSharp-cuda-linux", message);
        Assert.Contains("-p:TorchBackend=", message);
    }

    [Fact]
    public void Explain_OldLibStdCxx_PointsToTheBuildFix()
    {
        var failure = new DllNotFoundException("libLibTorchSharp.so: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found");
        string message = TorchRuntime.Explain(failure);
        Assert.Contains("older than the one libtorch was built against", message);
        Assert.Contains("build/TorchBackend.targets", message);
    }

    /// <summary>
    /// The build marks GLIBCXX_3.4.32 weak in the output copy of libLibTorchSharp.so when the system libstdc++ lacks it,
    /// and leaves the NuGet package cache untouched.
    /// </summary>
    [Fact]
    public void Build_OnOldLibStdCxx_PatchesOnlyTheOutputCopy()
    {
        if (!OperatingSystem.IsLinux()) return;   // the fix is Linux-only by design; nothing to check elsewhere
        string output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.True(File.Exists(output), $"{output} is missing");
        string systemLib = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        bool systemHasIt = File.Exists(systemLib) && File.ReadAllText(systemLib).Contains("GLIBCXX_3.4.32\0");
        string outputFlags = RequirementFlags(output);
        Assert.Equal(systemHasIt ? "none" : "WEAK", outputFlags);

        string cache = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(cache)) Assert.Equal("none", RequirementFlags(cache));
    }

    private static string RequirementFlags(string library)
    {
        var start = new ProcessStartInfo("readelf", ["-V", "-W", library]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string line = text.Split('\n').Single(l => l.Contains("Name: GLIBCXX_3.4.32"));
        return line[(line.IndexOf("Flags: ", StringComparison.Ordinal) + 7)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
    }
}
