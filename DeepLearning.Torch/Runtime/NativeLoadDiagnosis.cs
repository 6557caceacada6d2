using System.Runtime.InteropServices;
using System.Text;

namespace DeepLearning.Torch.Runtime;

/// <summary>
/// Finds why libtorch did not load. TorchSharp's own message says that no backend package is referenced even when
/// one is and the dynamic loader refused it; this asks the loader itself (it loads <c>libLibTorchSharp</c> from the
/// application folder and keeps the loader's message) and turns the answer into the cause and the fix.
/// </summary>
internal static class NativeLoadDiagnosis
{
    /// <summary>The explanation of <paramref name="failure"/>: the cause in the loader's words, the fix, the platform.</summary>
    internal static string Explain(Exception failure) => Explain(failure, AppContext.BaseDirectory, LoaderMessage);

    /// <summary>The explanation, with the application folder and the loader given (tests).</summary>
    internal static string Explain(Exception failure, string applicationFolder, Func<string, string?> loaderMessage)
    {
        var text = new StringBuilder("libtorch (the TorchSharp native backend) could not be loaded.");
        text.AppendLine();
        AppendCauseAndFix(text, failure, applicationFolder, loaderMessage);
        text.Append("Platform: ").Append(RuntimeInformation.OSDescription).Append(", ").Append(RuntimeInformation.ProcessArchitecture);
        return text.ToString();
    }

    private static void AppendCauseAndFix(StringBuilder text, Exception failure, string folder, Func<string, string?> loaderMessage)
    {
        // The files first: whether a backend's files are there does not depend on what TorchSharp's fallbacks loaded.
        string[] bridges = FindNative(folder, BridgeFile);
        if (bridges.Length == 0 || FindNative(folder, LibtorchFile).Length == 0)
        {
            text.AppendLine(bridges.Length == 0
                ? $"Cause: no {BridgeFile} in the application folder {folder}."
                : $"Cause: no {LibtorchFile} (libtorch itself) in the application folder {folder}.");
            text.AppendLine("The application references TorchSharp but no native backend package.");
            text.AppendLine("Fix: reference exactly one native backend in the application project (not in a library), with TorchSharp's version:");
            text.AppendLine("  dotnet add package TorchSharp-cpu --version 0.107.0          (CPU)");
            text.AppendLine("  dotnet add package TorchSharp-cuda-linux --version 0.107.0   (or TorchSharp-cuda-windows; NVIDIA GPU)");
            return;
        }
        string? message = bridges.Select(loaderMessage).FirstOrDefault(m => m is not null);
        if (message is null)
        {
            text.AppendLine($"Cause: {bridges[0]} loads, so libtorch itself failed to start: {Innermost(failure).Message}");
            return;
        }
        text.AppendLine("Cause (the dynamic loader's message): " + message.Trim());
        AppendFix(text, message);
    }

    private static void AppendFix(StringBuilder text, string message)
    {
        if (message.Contains("GLIBCXX", StringComparison.Ordinal) || message.Contains("libstdc++", StringComparison.Ordinal))
        {
            text.AppendLine("The system libstdc++ is older than the one libtorch was built against. DeepLearning.Torch's build step marks");
            text.AppendLine("that requirement weak in the build and publish output copy of libLibTorchSharp.so; it did not run for this output:");
            text.AppendLine("  - with a ProjectReference to DeepLearning.Torch.csproj, add to the application project:");
            text.AppendLine("      <Import Project=\"path/to/DeepLearning.Torch/buildTransitive/DeepLearning.Torch.targets\" />");
            text.AppendLine("  - or the build set TorchNativeFix=false, or the output was copied from a build on another machine.");
            text.AppendLine("Fix: rebuild the application with the step, or install libstdc++ from GCC 13 or later.");
        }
        else if (message.Contains("libcuda", StringComparison.Ordinal) || message.Contains("libnvidia", StringComparison.Ordinal)
                 || message.Contains("nvcuda", StringComparison.OrdinalIgnoreCase))
        {
            text.AppendLine("The CUDA backend needs the NVIDIA driver (libcuda.so.1 / nvcuda.dll), which this machine lacks.");
            text.AppendLine("Fix: install the NVIDIA driver, or reference TorchSharp-cpu instead of TorchSharp-cuda-* on machines without a GPU.");
        }
        else if (message.Contains("cannot open shared object file", StringComparison.Ordinal))
        {
            text.AppendLine("A library libtorch depends on is missing from the application folder or the system (named above).");
            text.AppendLine("Fix: rebuild the application so that the backend package's native files are copied, or install the named library.");
        }
    }

    /// <summary>TorchSharp's native bridge, shipped by the managed TorchSharp package.</summary>
    private static string BridgeFile =>
        OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";

    /// <summary>libtorch's CPU library, shipped by every backend package (TorchSharp-cpu and the CUDA ones).</summary>
    private static string LibtorchFile =>
        OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";

    /// <summary>Where .NET looks for <paramref name="file"/>: the application folder and its runtimes/&lt;rid&gt;/native/.</summary>
    private static string[] FindNative(string folder, string file)
    {
        if (!Directory.Exists(folder)) return [];
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string[] candidates =
        [
            Path.Combine(folder, file),
            Path.Combine(folder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", file),
            Path.Combine(folder, "runtimes", $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}", "native", file),
        ];
        return candidates.Where(File.Exists).Distinct().ToArray();
    }

    /// <summary>Loads <paramref name="path"/>; returns the loader's message when it fails, <c>null</c> when it loads.</summary>
    private static string? LoaderMessage(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return LoaderLine(e.Message);
        }
        catch (BadImageFormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>The loader's own words from a .NET load failure (on Linux, the lines after .NET's advice).</summary>
    internal static string LoaderLine(string dotnetMessage)
    {
        string[] lines = dotnetMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] loader = lines.Where(l => l.Contains(": ", StringComparison.Ordinal) && !l.StartsWith("Unable to load", StringComparison.Ordinal)).ToArray();
        return loader.Length > 0 ? string.Join(Environment.NewLine, loader) : dotnetMessage;
    }

    internal static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
