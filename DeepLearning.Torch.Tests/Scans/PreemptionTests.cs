using System.Diagnostics;
using DeepLearning.Torch.Scans;
using DeepLearning.Torch.Tests.Examples;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using Xunit;
using Xunit.Abstractions;

namespace DeepLearning.Torch.Tests.Scans;

/// <summary>
/// The preemption path for real: a TopTagging training task receives SIGUSR1 in the middle of its training, checkpoints,
/// exits with the preemption code, and the task run again resumes and ends with the val_loss history of an uninterrupted
/// run. Once locally (the signal sent to the child process) and once on the local Slurm cluster (scancel --signal=USR1,
/// the task requeues itself).
/// </summary>
public sealed class PreemptionTests(ITestOutputHelper output) : IDisposable
{
    private const int Epochs = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-preempt").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A one-task scan (TopTagging dnn, 1000 jets, <see cref="Epochs"/> epochs, seed 3) in <paramref name="name"/>.</summary>
    private ScanPlan Plan(string name)
    {
        string dll = ExampleRunner.Locate("TopTagging");
        string spec = Path.Combine(_dir, name + ".json");
        File.WriteAllText(spec, $$"""
            {
              "name": "preempt",
              "program": { "dll": "{{dll}}" },
              "arguments": ["--model", "dnn", "--epochs", "{{Epochs}}", "--limit", "1000", "--quiet", "--device", "cpu"],
              "seeds": [3],
              "environment": { "OMP_NUM_THREADS": "1" },
              "resources": { "cpus": 1, "memoryMb": 2048, "time": "00:20:00", "maxConcurrent": 1, "signalSeconds": 60 }
            }
            """);
        return ScanPlan.Create(ScanSpec.Load(spec), Path.Combine(_dir, name));
    }

    private static double[] ValLoss(ScanPlan plan)
    {
        string path = Path.Combine(plan.TaskFolder(plan.Tasks[0]), "history.json");
        Assert.True(File.Exists(path), $"{path} is missing");
        return History.FromJson(File.ReadAllText(path)).Epochs.Select(e => e.Values[MetricKeys.ValidationLoss]).ToArray();
    }

    /// <summary>Waits until the task's first checkpoint (after epoch 1) exists, so the signal lands in the middle of training.</summary>
    private static void WaitForCheckpoint(ScanPlan plan, Func<bool> stillRunning)
    {
        string checkpoint = Path.Combine(plan.TaskFolder(plan.Tasks[0]), plan.Spec.Checkpoint);
        var clock = Stopwatch.StartNew();
        while (!File.Exists(checkpoint))
        {
            Assert.True(stillRunning(), $"the task ended before writing {checkpoint}");
            Assert.True(clock.Elapsed < Patience, $"no checkpoint {checkpoint} after {Patience}");
            Thread.Sleep(50);
        }
    }

    private static string TaskLog(ScanPlan plan) => File.ReadAllText(Path.Combine(plan.TaskFolder(plan.Tasks[0]), "task.log"));

    private void AssertPreemptedThenResumed(ScanPlan plan, double[] uninterrupted)
    {
        var attempts = plan.Attempts(plan.Tasks[0]);
        output.WriteLine(string.Join("\n", attempts));
        Assert.Equal(2, attempts.Count);
        Assert.Equal(TaskOutcome.Preempted, attempts[0].Outcome);
        Assert.Equal(PreemptionSignal.ExitCode, attempts[0].ExitCode);
        Assert.False(attempts[0].Resumed);
        Assert.Equal(TaskOutcome.Completed, attempts[1].Outcome);
        Assert.True(attempts[1].Resumed);
        string log = TaskLog(plan);
        Assert.Contains("SIGUSR1 received: stopped in epoch", log);
        Assert.True(plan.IsDone(plan.Tasks[0]));
        var resumed = ValLoss(plan);
        output.WriteLine($"uninterrupted val_loss: {string.Join(", ", uninterrupted)}\nresumed val_loss:       {string.Join(", ", resumed)}");
        Assert.Equal(uninterrupted, resumed);
    }

    private double[] Uninterrupted()
    {
        var plan = Plan("uninterrupted");
        Assert.Equal(TaskOutcome.Completed, new TaskRunner(plan, TextWriter.Null).Run(0));
        var history = ValLoss(plan);
        Assert.Equal(Epochs, history.Length);
        return history;
    }

    [Fact]
    public void TaskRunner_ChildSignalledMidTraining_ExitsForRequeueAndRerunEqualsUninterrupted()
    {
        double[] uninterrupted = Uninterrupted();
        var plan = Plan("local");
        string folder = plan.TaskFolder(plan.Tasks[0]);
        var runner = new TaskRunner(plan, TextWriter.Null);
        TaskOutcome? firstOutcome = null;
        var first = new Thread(() => firstOutcome = runner.Run(0, requeueUnderSlurm: false));
        first.Start();
        WaitForCheckpoint(plan, () => first.IsAlive);
        int child = ChildTraining(folder);
        output.WriteLine($"SIGUSR1 to the training, pid {child}");
        Assert.Equal(0, Kill(child, 10));
        Assert.True(first.Join(Patience), "the signalled task did not stop");
        Assert.Equal(TaskOutcome.Preempted, firstOutcome);
        Assert.Equal(TaskOutcome.Completed, runner.Run(0));
        AssertPreemptedThenResumed(plan, uninterrupted);
        Assert.Equal(TaskOutcome.Skipped, runner.Run(0));   // a finished task is not run again
    }

    [SlurmFact]
    public void Slurm_TaskSignalledWithUsr1_RequeuesItselfAndEndsAsUninterrupted()
    {
        string script = Path.Combine(ExampleRunner.RepositoryRoot, "tools", "slurm", "local-cluster.sh");
        var (startCode, started) = Shell(script, "start");
        output.WriteLine(started);
        Assert.True(startCode == 0, $"the local Slurm cluster did not start ({script} start, exit code {startCode}): {started}");
        try
        {
            double[] uninterrupted = Uninterrupted();
            var plan = Plan("slurm");
            string scan = ExampleRunner.Locate("Scan");
            string job = SlurmBackend.Submit(plan, [ScanHost(), scan, "task", plan.Directory]);
            output.WriteLine($"job array {job}");
            string element = job + "_0";
            WaitForCheckpoint(plan, () => !plan.IsDone(plan.Tasks[0]));
            var (code, text) = Shell("scancel", "--batch", "--signal=USR1", element);
            Assert.True(code == 0, $"scancel --batch --signal=USR1 {element} failed: {text}");
            var clock = Stopwatch.StartNew();
            while (!plan.IsDone(plan.Tasks[0]))
            {
                Assert.True(clock.Elapsed < Patience, $"task not done after {Patience}; squeue: {Shell("squeue", "-a").Output}; task.log: {TaskLog(plan)}");
                Thread.Sleep(500);
            }
            output.WriteLine(Shell("scontrol", "show", "job", element).Output);
            AssertPreemptedThenResumed(plan, uninterrupted);
            Assert.Contains($"scontrol requeue", File.ReadAllText(Directory.GetFiles(Path.Combine(plan.Directory, "slurm"), "*.out").Single()));
        }
        finally
        {
            var (stopCode, stopped) = Shell(script, "stop");
            output.WriteLine(stopped);
            Assert.True(stopCode == 0, $"{script} stop failed: {stopped}");
        }
    }

    private static string ScanHost() => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    /// <summary>The pid of the training process whose command line names <paramref name="folder"/> (the task runner's child).</summary>
    private static int ChildTraining(string folder)
    {
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (cmdline.Contains("TopTagging.dll", StringComparison.Ordinal) && cmdline.Contains(folder, StringComparison.Ordinal)) return pid;
        }
        throw new InvalidOperationException($"no training process for {folder}");
    }

    private static (int Code, string Output) Shell(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
