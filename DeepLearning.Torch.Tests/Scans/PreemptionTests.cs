using System.Diagnostics;
using System.Text.Json.Nodes;
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
    private ScanPlan Plan(string name) => TopTaggingScan(name, "preempt", Epochs, "\"seeds\": [3]");

    /// <summary>
    /// A scan of TopTagging dnn on 1000 jets (one CPU thread, one task at a time, 60 s of warning before Slurm's time
    /// limit) in <paramref name="name"/>; <paramref name="tasks"/> is the spec's grid and seeds.
    /// </summary>
    private ScanPlan TopTaggingScan(string name, string scanName, int epochs, string tasks)
    {
        string dll = ExampleRunner.Locate("TopTagging");
        string spec = Path.Combine(_dir, name + ".json");
        File.WriteAllText(spec, $$"""
            {
              "name": "{{scanName}}",
              "program": { "dll": "{{dll}}" },
              "arguments": ["--model", "dnn", "--epochs", "{{epochs}}", "--limit", "1000", "--quiet", "--device", "cpu"],
              {{tasks}},
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
    private static void WaitForCheckpoint(ScanPlan plan, ScanTask task, Func<bool> stillRunning)
    {
        string checkpoint = Path.Combine(plan.TaskFolder(task), plan.Spec.Checkpoint);
        var clock = Stopwatch.StartNew();
        while (!File.Exists(checkpoint))
        {
            Assert.True(stillRunning(), $"the task ended before writing {checkpoint}");
            Assert.True(clock.Elapsed < Patience, $"no checkpoint {checkpoint} after {Patience}");
            Thread.Sleep(50);
        }
    }

    private static string TaskLog(ScanPlan plan, ScanTask task)
    {
        string path = Path.Combine(plan.TaskFolder(task), "task.log");
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            return "";   // being written by the task runner
        }
    }

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
        string log = TaskLog(plan, plan.Tasks[0]);
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
        WaitForCheckpoint(plan, plan.Tasks[0], () => first.IsAlive);
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
        using var slurm = new LocalSlurm(output);
        double[] uninterrupted = Uninterrupted();
        var plan = Plan("slurm");
        var task = plan.Tasks[0];
        string job = slurm.Submit(plan);
        WaitForCheckpoint(plan, task, () => !plan.IsDone(task));
        slurm.Preempt(job, 0, () => SawSignal(plan, task), () => plan.IsDone(task));
        LocalSlurm.WaitUntil(() => plan.IsDone(task), Patience, () => $"task.log: {TaskLog(plan, task)}");
        output.WriteLine(LocalSlurm.ShowJob(job, 0));
        AssertPreemptedThenResumed(plan, uninterrupted);
        Assert.Contains("scontrol requeue", File.ReadAllText(Directory.GetFiles(Path.Combine(plan.Directory, "slurm"), "*.out").Single()));
    }

    /// <summary>
    /// Issue 16's "done when": a scan of 2 configurations x 2 seeds on the local Slurm cluster, one array element preempted
    /// (SIGUSR1) after its first checkpoint and requeued by Slurm, merges into the scan.json of the same scan run with the
    /// local backend, task by task (AUC, rejections, val_loss histories; only times and attempt counts differ).
    /// </summary>
    [SlurmFact]
    public void Slurm_FourTaskScanWithOneTaskPreempted_MergesAsTheLocalScan()
    {
        using var slurm = new LocalSlurm(output);
        var clock = Stopwatch.StartNew();
        var local = FourTaskPlan("scan-local");
        var outcomes = LocalBackend.Run(local, TextWriter.Null);
        Assert.Equal(Enumerable.Repeat(TaskOutcome.Completed, 4), local.Tasks.Select(t => outcomes[t.Index]));
        ScanMerge.Write(local);
        output.WriteLine($"local scan: {clock.Elapsed.TotalSeconds:F0} s");

        clock.Restart();
        var plan = FourTaskPlan("scan-slurm");
        const int preempted = 1;
        var task = plan.Tasks[preempted];
        string job = slurm.Submit(plan);
        WaitForCheckpoint(plan, task, () => !plan.IsDone(task));
        slurm.Preempt(job, preempted, () => SawSignal(plan, task), () => plan.IsDone(task));
        LocalSlurm.WaitUntil(() => plan.Tasks.All(plan.IsDone), Patience,
            () => string.Join("\n", plan.Tasks.Select(t => $"{t.Id}: {string.Join("; ", plan.Attempts(t))}")));
        LocalSlurm.WaitForJobEnd(job, TimeSpan.FromMinutes(1));
        output.WriteLine($"Slurm scan: {clock.Elapsed.TotalSeconds:F0} s\n{LocalSlurm.ShowJob(job, preempted)}");
        ScanMerge.Write(plan);

        var attempts = plan.Attempts(task);
        output.WriteLine($"{task.Id}:\n  {string.Join("\n  ", attempts)}");
        Assert.True(attempts.Count >= 2, $"task {task.Id} ran {attempts.Count} time(s); it should have been preempted once");
        Assert.Equal(TaskOutcome.Preempted, attempts[0].Outcome);
        Assert.Equal(PreemptionSignal.ExitCode, attempts[0].ExitCode);
        Assert.Equal(TaskOutcome.Completed, attempts[^1].Outcome);
        Assert.True(attempts[^1].Resumed, "the requeued task did not resume from its checkpoint");
        foreach (var other in plan.Tasks.Where(t => t.Index != preempted)) Assert.Single(plan.Attempts(other));

        var (expected, actual) = (Comparable(local), Comparable(plan));
        Assert.Equal(4, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            output.WriteLine($"{expected[i]["id"]} val_loss local {expected[i]["valLoss"]!.ToJsonString()}\n{"",16} slurm {actual[i]["valLoss"]!.ToJsonString()}");
            Assert.Equal(expected[i].ToJsonString(), actual[i].ToJsonString());
        }
        Assert.Equal(Read(local)["configurations"]!.ToJsonString(), Read(plan)["configurations"]!.ToJsonString());
    }

    private const int ScanEpochs = 6;

    /// <summary>2 configurations (batch size 64, 128) x 2 seeds of TopTagging dnn on 1000 jets, <see cref="ScanEpochs"/> epochs.</summary>
    private ScanPlan FourTaskPlan(string name) => TopTaggingScan(name, "preempt4", ScanEpochs, "\"grid\": { \"--batch-size\": [64, 128] },\n  \"seeds\": [1, 2]");

    private static JsonNode Read(ScanPlan plan) => JsonNode.Parse(File.ReadAllText(Path.Combine(plan.Directory, "scan.json")))!;

    /// <summary>The tasks of a merged scan.json without what differs between runs of the same scan (time, attempts).</summary>
    private static List<JsonObject> Comparable(ScanPlan plan)
    {
        var scan = Read(plan);
        Assert.Empty(scan["pending"]!.AsArray());
        var tasks = scan["tasks"]!.AsArray().Select(t => t!.AsObject()).ToList();
        foreach (var t in tasks)
        {
            Assert.True(t.Remove("seconds") && t.Remove("attempts"), $"scan.json task entries changed: {t.ToJsonString()}");
        }
        return tasks;
    }

    private static bool SawSignal(ScanPlan plan, ScanTask task) =>
        plan.Attempts(task).Any(a => a.Outcome == TaskOutcome.Preempted) || TaskLog(plan, task).Contains("SIGUSR1 received", StringComparison.Ordinal);

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

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
