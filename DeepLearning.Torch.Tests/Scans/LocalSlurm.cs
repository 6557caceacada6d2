using System.Diagnostics;
using DeepLearning.Torch.Scans;
using DeepLearning.Torch.Tests.Examples;
using Xunit;
using Xunit.Abstractions;

namespace DeepLearning.Torch.Tests.Scans;

/// <summary>
/// The local Slurm cluster of tools/slurm/local-cluster.sh for a test: started on construction (a failed start fails the
/// test with the script's message), stopped on disposal; submits scans, signals array elements and waits for them.
/// </summary>
internal sealed class LocalSlurm : IDisposable
{
    private static readonly string Script = Path.Combine(ExampleRunner.RepositoryRoot, "tools", "slurm", "local-cluster.sh");
    private readonly ITestOutputHelper _output;

    public LocalSlurm(ITestOutputHelper output)
    {
        _output = output;
        var (code, started) = Shell(Script, "start");
        output.WriteLine(started);
        Assert.True(code == 0, $"the local Slurm cluster did not start ({Script} start, exit code {code}): {started}");
    }

    public void Dispose()
    {
        var (code, stopped) = Shell(Script, "stop");
        _output.WriteLine(stopped);
        Assert.True(code == 0, $"{Script} stop failed: {stopped}");
    }

    /// <summary>Submits the scan as one job array whose elements run <c>dotnet Scan.dll task DIR</c>; returns the array's job id.</summary>
    public string Submit(ScanPlan plan)
    {
        string job = SlurmBackend.Submit(plan, [DotnetHost(), ExampleRunner.Locate("Scan"), "task", plan.Directory]);
        _output.WriteLine($"job array {job} ({plan.Tasks.Count} tasks)");
        return job;
    }

    /// <summary>
    /// Sends SIGUSR1 to the batch step of array element <c>JOB_INDEX</c> (<c>scancel --batch --signal=USR1</c>) and waits until
    /// <paramref name="landed"/> says the task saw it. Slurm 22.05 may refuse or lose the signal for an element that has just
    /// started or been requeued (scancel: "Job/step already completing or completed", or exit 0 with the signal never
    /// delivered because the batch step was not yet registered): the signal is sent again, every
    /// <see cref="SignalRetry"/>, while the task still runs, up to <see cref="SignalAttempts"/> times.
    /// </summary>
    /// <returns>How many times scancel was run.</returns>
    public int Preempt(string job, int index, Func<bool> landed, Func<bool> finished)
    {
        string element = $"{job}_{index}";
        for (int attempt = 1; attempt <= SignalAttempts; attempt++)
        {
            var (code, text) = Shell("scancel", "--batch", "--signal=USR1", element);
            _output.WriteLine($"scancel --batch --signal=USR1 {element} (try {attempt}): exit {code} {text.Trim()}");
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < SignalRetry)
            {
                if (landed()) return attempt;
                Assert.False(finished(), $"task {element} finished before the signal reached it (scancel exit {code}: {text.Trim()})");
                Thread.Sleep(100);
            }
        }
        Assert.Fail($"SIGUSR1 never reached {element} in {SignalAttempts} tries; squeue: {Shell("squeue", "-a").Output}");
        return SignalAttempts;
    }

    /// <summary>Time to wait for a sent signal to show before sending it again.</summary>
    public static TimeSpan SignalRetry { get; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a signal is sent at most.</summary>
    public const int SignalAttempts = 6;

    /// <summary>Waits until <paramref name="done"/> holds, failing after <paramref name="patience"/> with squeue and <paramref name="context"/>.</summary>
    public static void WaitUntil(Func<bool> done, TimeSpan patience, Func<string> context)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < patience, $"not done after {patience}; squeue: {Shell("squeue", "-a").Output}; {context()}");
            Thread.Sleep(250);
        }
    }

    /// <summary>Waits until no element of <paramref name="job"/> is queued or running any more.</summary>
    public static void WaitForJobEnd(string job, TimeSpan patience) =>
        WaitUntil(() => Shell("squeue", "-h", "-j", job).Output.Trim().Length == 0, patience, () => "");

    /// <summary><c>scontrol show job</c> of an element (its state, restarts).</summary>
    public static string ShowJob(string job, int index) => Shell("scontrol", "show", "job", $"{job}_{index}").Output;

    private static string DotnetHost() => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    public static (int Code, string Output) Shell(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
