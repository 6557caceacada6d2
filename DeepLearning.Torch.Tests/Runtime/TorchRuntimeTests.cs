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
    public void Explain_NoBridgeInTheApplicationFolder_SaysWhichPackageToAdd()
    {
        string folder = Directory.CreateTempSubdirectory("dltorch-app").FullName;
        string message = NativeLoadDiagnosis.Explain(new TypeInitializationException("TorchSharp.torch", null), folder, _ => null);
        Assert.Contains($"Cause: no {Bridge} in the application folder {folder}.", message);
        Assert.Contains("no native backend package", message);
        Assert.Contains("dotnet add package TorchSharp-cpu --version 0.107.0", message);
        Assert.Contains("TorchSharp-cuda-linux", message);
    }

    [Fact]
    public void Explain_BridgeWithoutLibtorch_SaysNoBackendPackage()
    {
        // The managed TorchSharp package ships the bridge; libtorch comes only with a backend package.
        string folder = FolderWith(Bridge);
        string message = NativeLoadDiagnosis.Explain(new NotSupportedException("TorchSharp's text"), folder,
            _ => "libLibTorchSharp.so: undefined symbol: _ZNK3c105Error4whatEv");
        Assert.Contains($"Cause: no {Libtorch} (libtorch itself) in the application folder {folder}.", message);
        Assert.Contains("dotnet add package TorchSharp-cpu", message);
        Assert.DoesNotContain("TorchSharp's text", message);
        Assert.DoesNotContain("undefined symbol", message);
    }

    [Fact]
    public void Explain_OldLibStdCxx_NamesTheVersionAndTheBuildStep()
    {
        string folder = FolderWith(Bridge, Libtorch);
        const string Loader = "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by libLibTorchSharp.so)";
        string message = NativeLoadDiagnosis.Explain(new NotSupportedException("doesn't contain a reference to libtorch-cpu-linux-x64"), folder, _ => Loader);
        Assert.Contains("Cause (the dynamic loader's message): " + Loader, message);
        Assert.Contains("older than the one libtorch was built against", message);
        Assert.Contains("<Import Project=\"path/to/DeepLearning.Torch/buildTransitive/DeepLearning.Torch.targets\" />", message);
        Assert.DoesNotContain("dotnet add package", message);
    }

    [Fact]
    public void Explain_CudaDriverMissing_SaysInstallTheDriverOrUseCpu()
    {
        string folder = FolderWith(Bridge, Libtorch);
        string message = NativeLoadDiagnosis.Explain(new NotSupportedException("x"), folder,
            _ => "libcuda.so.1: cannot open shared object file: No such file or directory");
        Assert.Contains("NVIDIA driver", message);
        Assert.Contains("TorchSharp-cpu", message);
    }

    [Fact]
    public void LoaderLine_DotnetMessage_KeepsTheLoadersWords()
    {
        const string Dotnet = "Unable to load shared library '/app/libLibTorchSharp.so' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)\n";
        Assert.Equal("/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)",
            NativeLoadDiagnosis.LoaderLine(Dotnet));
    }

    [Fact]
    public void Explain_LoadedProcess_UsesTheRealLoader()
    {
        // In this test host libtorch is loaded: the real loader accepts the bridge, so the cause is libtorch's own failure.
        string message = TorchRuntime.Explain(new InvalidOperationException("libtorch said no"));
        Assert.Contains("libtorch itself failed to start: libtorch said no", message);
    }

    private static readonly string Bridge =
        OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";

    private static readonly string Libtorch =
        OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";

    /// <summary>An application folder holding (empty) files of these names in runtimes/&lt;rid&gt;/native/, as without a RuntimeIdentifier.</summary>
    private static string FolderWith(params string[] files)
    {
        string folder = Directory.CreateTempSubdirectory("dltorch-app").FullName;
        string native = Directory.CreateDirectory(Path.Combine(folder, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native")).FullName;
        foreach (string file in files) File.WriteAllBytes(Path.Combine(native, file), []);
        return folder;
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
