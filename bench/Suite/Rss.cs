using System.Runtime.InteropServices;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>Process memory from /proc/self/status, and the native (C runtime) environment.</summary>
internal static class Rss
{
    /// <summary>Peak resident set size (VmHWM) in KiB.</summary>
    internal static long PeakKb() => Field("VmHWM:");

    /// <summary>Current resident set size (VmRSS) in KiB.</summary>
    internal static long CurrentKb() => Field("VmRSS:");

    /// <summary>Minor page faults of this process so far (field 10 of /proc/self/stat).</summary>
    internal static long MinorFaults()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');   // fields from the 3rd on
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long Field(string name)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(name, StringComparison.Ordinal))
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return -1;
    }

    /// <summary>A variable of the C runtime's environment (what libtorch sees; .NET's view may differ).</summary>
    internal static string? NativeEnv(string name) => Marshal.PtrToStringAnsi(GetEnv(name));

    [DllImport("libc", EntryPoint = "getenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr GetEnv(string name);
}
