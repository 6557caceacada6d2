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
        string[] bridges = FindBridges(applicationFolder);
        string? message = bridges.Select(loaderMessage).FirstOrDefault(m => m is not null);
        if (bridges.Length == 0 || message is not null && MissesLibtorch(message))
        {
            text.AppendLine(bridges.Length == 0
                ? $"Cause: no {BridgeFileName} in the application folder {applicationFolder}."
                : "Cause (the dynamic loader's message): " + message!.Trim());
            text.AppendLine("libtorch itself is not in the application folder: the application references TorchSharp but no native backend package.");
            text.AppendLine("Fix: reference exactly one native backend in the application project (not in a library), with TorchSharp's version:");
            text.AppendLine("  dotnet add package TorchSharp-cpu --version 0.107.0          (CPU)");
            text.AppendLine("  dotnet add package TorchSharp-cuda-linux --version 0.107.0   (or TorchSharp-cuda-windows; NVIDIA GPU)");
        }
        else if (message is null)
        {
            text.AppendLine($"Cause: {bridges[0]} loads, so libtorch itself failed to start: {Innermost(failure).Message}");
        }
        else
        {
            text.AppendLine("Cause (the dynamic loader's message): " + message.Trim());
            AppendFix(text, message);
        }
        text.Append("Platform: ").Append(RuntimeInformation.OSDescription).Append(", ").Append(RuntimeInformation.ProcessArchitecture);
        return text.ToString();
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

    private const string BridgeFileName = "libLibTorchSharp";

    /// <summary>Whether the loader could not find libtorch's own libraries (no backend package's files).</summary>
    private static bool MissesLibtorch(string message) =>
        (message.Contains("cannot open shared object file", StringComparison.Ordinal) || message.Contains("image not found", StringComparison.Ordinal)
         || message.Contains("could not be found", StringComparison.OrdinalIgnoreCase))
        && (message.Contains("libtorch", StringComparison.Ordinal) || message.Contains("libc10", StringComparison.Ordinal)
            || message.Contains("torch_cpu", StringComparison.Ordinal) || message.Contains("c10.dll", StringComparison.OrdinalIgnoreCase));

    private static string[] FindBridges(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        string name = OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";
        string rid = RuntimeInformation.RuntimeIdentifier;
        string[] candidates =
        [
            Path.Combine(folder, name),
            Path.Combine(folder, "runtimes", rid, "native", name),
            Path.Combine(folder, "runtimes", $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}", "native", name),
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
