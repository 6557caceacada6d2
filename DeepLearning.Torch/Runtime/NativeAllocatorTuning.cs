using System.Globalization;
using System.Runtime.InteropServices;

namespace DeepLearning.Torch.Runtime;

/// <summary>
/// Keeps glibc's <c>malloc</c> from handing libtorch's per-batch tensor memory back to the kernel after every batch.
/// By default glibc serves blocks above a moving threshold (128 KiB at start) with fresh <c>mmap</c> pages and trims
/// the heap top above 128 KiB; a training step frees and re-allocates the same megabytes every batch, so each batch
/// paid for hundreds of page faults. On this project's VMs (page faults cost ~12 µs) the lecture FC epoch varied from
/// 1.1 s to 6.3 s between identical processes, with 0.2 to 3 million page faults per run. Fixing the mmap threshold at
/// 32 MiB and the trim threshold at 256 MiB (<c>mallopt</c>) made it 70 thousand faults and 1.05-1.2 s every time, at
/// the same peak resident memory. Blocks of 32 MiB and more (data sets) are still mapped and returned when freed; the
/// heap keeps at most 256 MiB of free memory for reuse.
/// It also sets <c>THP_MEM_ALLOC_ENABLE=1</c> (unless the user set it), which makes libtorch align blocks of 2 MiB and
/// more to huge pages and advise the kernel to back them with transparent huge pages: loading the 50,000 CIFAR-10
/// training images took 0.5-0.7 s instead of 1.4-1.6 s here, training epochs were unchanged.
/// Only on Linux with glibc; skipped when the user set <c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>
/// or malloc tunables in <c>GLIBC_TUNABLES</c>; <c>DLTORCH_MALLOC_TUNING=0</c> turns it off.
/// </summary>
internal static class NativeAllocatorTuning
{
    internal const string OptOutVariable = "DLTORCH_MALLOC_TUNING";
    internal const int MmapThreshold = 32 << 20;
    internal const int TrimThreshold = 256 << 20;
    internal const string HugePagesVariable = "THP_MEM_ALLOC_ENABLE";

    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    /// <summary>Whether to tune, from the platform and the user's environment.</summary>
    internal static bool Decide(bool isLinuxGlibc, Func<string, string?> environment)
    {
        if (!isLinuxGlibc) return false;
        if (environment(OptOutVariable) is "0" or "false" or "off") return false;
        if (!string.IsNullOrEmpty(environment("MALLOC_MMAP_THRESHOLD_")) || !string.IsNullOrEmpty(environment("MALLOC_TRIM_THRESHOLD_")))
            return false;
        return environment("GLIBC_TUNABLES") is not { } tunables || !tunables.Contains("glibc.malloc.", StringComparison.Ordinal);
    }

    /// <summary>Applies the thresholds; returns a description of what was set, or <c>null</c> when nothing was.</summary>
    internal static string? Apply()
    {
        if (!Decide(IsGlibc(), Environment.GetEnvironmentVariable)) return null;
        if (MallOpt(M_MMAP_THRESHOLD, MmapThreshold) != 1) return null;
        if (MallOpt(M_TRIM_THRESHOLD, TrimThreshold) != 1) return null;
        string text = string.Create(CultureInfo.InvariantCulture, $"glibc malloc: mmap threshold {MmapThreshold >> 20} MiB, trim threshold {TrimThreshold >> 20} MiB");
        // libtorch reads this once, at its first allocation; .NET's SetEnvironmentVariable does not reach the C runtime.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(HugePagesVariable)) && SetEnv(HugePagesVariable, "1", 0) == 0)
            text += "; libtorch huge pages for blocks of 2 MiB and more";
        return text;
    }

    private static bool IsGlibc()
    {
        if (!OperatingSystem.IsLinux()) return false;
        return NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _);
    }

    [DllImport("libc.so.6", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
