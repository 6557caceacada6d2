using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>
/// Runs DeepLearning.Torch.Tests.TrainingHost (built through the test project's ProjectReference) as a child process,
/// collects its marker lines (<c>start</c>, <c>batch E B</c>, <c>val</c>, <c>epoch-end E</c>, <c>done</c>) and kills it.
/// </summary>
internal sealed class TrainingHostProcess : IDisposable
{
    internal const string HostName = "DeepLearning.Torch.Tests.TrainingHost";
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _seen = [];

    private TrainingHostProcess(Process process) => _process = process;

    internal int Id => _process.Id;

    internal bool HasExited => _process.HasExited;

    internal IReadOnlyList<string> Seen => _seen;

    internal string StandardError
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Starts the host with <c>--out</c> <paramref name="output"/> and further <paramref name="arguments"/>.</summary>
    /// <param name="output">The host's output folder.</param>
    /// <param name="arguments">More host options.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="fileSizeLimitKiB">
    /// Run under <c>ulimit -f</c> with SIGXFSZ ignored: a write past this size fails with EFBIG, as on a full disk.
    /// </param>
    internal static TrainingHostProcess Start(string output, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, int? fileSizeLimitKiB = null)
    {
        var info = new ProcessStartInfo(fileSizeLimitKiB is null ? HostPath() : "/bin/bash")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (fileSizeLimitKiB is int limit)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"trap '' XFSZ; ulimit -f {limit}; exec \"$0\" \"$@\"");
            info.ArgumentList.Add(HostPath());
            // The runtime's W^X double mapping grows a memory file, which the limit would forbid.
            info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }
        info.ArgumentList.Add("--out");
        info.ArgumentList.Add(output);
        foreach (string a in arguments) info.ArgumentList.Add(a);
        info.Environment["OMP_NUM_THREADS"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = new Process { StartInfo = info };
        var host = new TrainingHostProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) host._lines.CompleteAdding();
            else host._lines.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (host._stderr) host._stderr.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Reads marker lines until one satisfies <paramref name="match"/>; false at end of output or timeout.</summary>
    internal bool WaitFor(Func<string, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (!_lines.TryTake(out string? line, TimeSpan.FromMilliseconds(50)))
            {
                if (_lines.IsCompleted) return false;
                continue;
            }
            _seen.Add(line);
            if (match(line)) return true;
        }
        return false;
    }

    /// <summary>SIGSTOPs the host: it stops at once (after the system call it is in) until <see cref="Continue"/> or a kill.</summary>
    internal void Stop() => Signal(SigStop);

    /// <summary>SIGCONTs a host stopped by <see cref="Stop"/>.</summary>
    internal void Continue() => Signal(SigCont);

    private const int SigCont = 18, SigStop = 19;

    private void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>SIGKILLs the host (and anything it started) and waits until it is gone.</summary>
    internal void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits for the host to exit (killing it after <paramref name="timeout"/>) and returns its exit code.</summary>
    internal int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"{HostName} did not finish within {timeout}; output so far: {string.Join(" | ", _seen.TakeLast(5))}");
        }
        _process.WaitForExit();
        WaitFor(_ => false, TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    /// <summary>Last epoch whose <c>epoch-end</c> marker (checkpoint and CSV written) was seen, or 0.</summary>
    internal int LastCompletedEpoch()
        => _seen.Where(l => l.StartsWith("epoch-end ", StringComparison.Ordinal)).Select(l => int.Parse(l[10..])).DefaultIfEmpty(0).Max();

    /// <summary>The host next to the test assembly: same configuration, framework and runtime folders, sibling project.</summary>
    internal static string HostPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var parts = new Stack<string>();
        while (directory is not null && directory.Name != "DeepLearning.Torch.Tests")
        {
            parts.Push(directory.Name);
            directory = directory.Parent;
        }
        if (directory?.Parent is null)
            throw new InvalidOperationException($"Cannot find the test project folder above {AppContext.BaseDirectory}.");
        string folder = Path.Combine([directory.Parent.FullName, HostName, .. parts]);
        string path = Path.Combine(folder, OperatingSystem.IsWindows() ? HostName + ".exe" : HostName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{HostName} is not built at {path}; build the test project (it references the host).", path);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
        _lines.Dispose();
    }
}
