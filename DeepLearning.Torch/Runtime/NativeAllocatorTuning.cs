using System.Globalization;
using System.Runtime.InteropServices;

namespace DeepLearning.Torch.Runtime;

/// <summary>
/// Keeps glibc's <c>malloc</c> from handing libtorch's per-batch tensor memory back to the kernel after every batch.
/// By default glibc serves blocks above a moving threshold (128 KiB at start) with fresh <c>mmap</c> pages and trims
/// the heap top above 128 KiB, so a training step that frees and re-allocates the same megabytes every batch pays for
/// page faults every batch. Fixing the mmap threshold at 32 MiB and the trim threshold at 256 MiB (<c>mallopt</c>)
/// keeps that memory in the heap for reuse; blocks of 32 MiB and more (data sets) are still mapped and returned when
/// freed, and the heap keeps at most 256 MiB of free memory. Both thresholds are set together: fixing one alone makes
/// glibc's dynamic threshold stop adapting without keeping the heap.
/// It also sets <c>THP_MEM_ALLOC_ENABLE=1</c> (unless the user set it), which makes libtorch align blocks of 2 MiB and
/// more to huge pages and advise the kernel to back them with transparent huge pages.
/// Only on Linux with glibc; skipped when the user set <c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>
/// or malloc tunables in <c>GLIBC_TUNABLES</c>; <c>DLTORCH_MALLOC_TUNING=0</c> turns it off. The measurements behind
/// these settings are in docs/BENCHMARKS.md and README's platform notes.
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
