using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using DeepLearning.Torch.IO;
using DeepLearning.Torch.Training;

namespace DeepLearning.Torch.Scans;

/// <summary>
/// Runs one task of a scan, the same way for every backend: a finished task (<c>done.json</c>) is skipped; otherwise
/// the program runs with the task's options, seed and output folder, and with the resume option when the task's
/// checkpoint exists, so that a task run again or requeued continues from its last epoch and ends with the result of
/// an uninterrupted run. SIGTERM and SIGUSR1 sent to this process are passed on to the program, which checkpoints and
/// exits with <see cref="PreemptionSignal.ExitCode"/>; under Slurm the task then requeues itself
/// (<c>scontrol requeue $SLURM_JOB_ID</c>).
/// </summary>
public sealed class TaskRunner
{
    private const int SigTerm = 15;
    private const int SigUsr1 = 10;

    private readonly ScanPlan _plan;
    private readonly TextWriter _log;

    /// <summary>A runner for the tasks of <paramref name="plan"/>, reporting to <paramref name="log"/>.</summary>
    /// <param name="plan">The scan.</param>
    /// <param name="log">Where progress lines go (the console, a batch system's output file).</param>
    public TaskRunner(ScanPlan plan, TextWriter log)
    {
        _plan = plan;
        _log = log;
    }

    /// <summary>
    /// The array index of this process's task from the batch system's environment: <c>SLURM_ARRAY_TASK_ID</c>,
    /// <c>JOB_COMPLETION_INDEX</c> (Kubernetes indexed jobs) or <c>SCAN_TASK_INDEX</c> (HTCondor passes <c>$(ProcId)</c> so); null when none is set.
    /// </summary>
    public static int? IndexFromEnvironment()
    {
        foreach (string name in new[] { "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "SCAN_TASK_INDEX" })
        {
            string? value = Environment.GetEnvironmentVariable(name);
            if (value is not null) return int.TryParse(value, out int i) ? i : throw new InvalidOperationException($"{name}='{value}' is not a task index");
        }
        return null;
    }

    /// <summary>Runs the task with array index <paramref name="index"/> and returns how it ended.</summary>
    /// <param name="index">0-based task index.</param>
    /// <param name="requeueUnderSlurm">When preempted inside a Slurm job, ask Slurm to requeue it (default true).</param>
    public TaskOutcome Run(int index, bool requeueUnderSlurm = true)
    {
        var task = _plan.Task(index);
        if (_plan.IsDone(task))
        {
            _log.WriteLine($"task {index} {task.Id}: done before, skipped");
            return TaskOutcome.Skipped;
        }
        string folder = _plan.TaskFolder(task);
        Directory.CreateDirectory(folder);
        string checkpoint = Path.Combine(folder, _plan.Spec.Checkpoint);
        bool resume = File.Exists(checkpoint);
        var command = _plan.Spec.Program.Command();
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (string a in command.Skip(1).Concat(Arguments(task, folder, resume ? checkpoint : null))) start.ArgumentList.Add(a);
        foreach (var (k, v) in _plan.Spec.Environment) start.Environment[k] = v;
        _log.WriteLine($"task {index} {task.Id}: {task.OptionsText} {_plan.Spec.SeedOption} {task.Seed}{(resume ? $", resuming from {checkpoint}" : "")}");

        var began = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        int signalled = 0;
        using var logFile = new StreamWriter(Path.Combine(folder, "task.log"), append: true) { AutoFlush = true };
        logFile.WriteLine($"# {began:O} {string.Join(' ', start.ArgumentList.Prepend(start.FileName))}");
        using var process = new Process { StartInfo = start };
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) logFile.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) logFile.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registrations = new List<PosixSignalRegistration>();
        if (OperatingSystem.IsLinux())
        {
            foreach (var (signal, number) in new[] { (PosixSignal.SIGTERM, SigTerm), ((PosixSignal)SigUsr1, SigUsr1) })
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;   // this runner stays to record the attempt and requeue
                    Interlocked.CompareExchange(ref signalled, number, 0);
                    _ = Kill(process.Id, number);
                }));
            }
        }
        try
        {
            process.WaitForExit();
        }
        finally
        {
            foreach (var r in registrations) r.Dispose();
        }
        int code = process.ExitCode;
        var outcome = code == 0 ? TaskOutcome.Completed : code == PreemptionSignal.ExitCode || signalled != 0 ? TaskOutcome.Preempted : TaskOutcome.Failed;
        var attempts = _plan.Attempts(task).Append(new TaskAttempt(began, clock.Elapsed.TotalSeconds, code, resume, Environment.MachineName, outcome)).ToList();
        _plan.WriteAttempts(task, attempts);
        if (outcome == TaskOutcome.Completed)
        {
            AtomicFile.Write(Path.Combine(folder, "done.json"), JsonSerializer.Serialize(new { task.Id, Seconds = attempts.Sum(a => a.Seconds), Attempts = attempts.Count }, ScanPlan.Json), "task marker", createDirectory: false);
        }
        _log.WriteLine($"task {index} {task.Id}: {outcome} (exit code {code}, {clock.Elapsed.TotalSeconds:F1} s){(outcome == TaskOutcome.Failed ? $"; see {Path.Combine(folder, "task.log")}" : "")}");
        if (outcome == TaskOutcome.Preempted && requeueUnderSlurm && Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { } job)
        {
            _log.WriteLine($"task {index} {task.Id}: scontrol requeue {job}");
            _log.Flush();
            using var requeue = Process.Start(new ProcessStartInfo("scontrol", ["requeue", job]) { UseShellExecute = false });
            requeue?.WaitForExit();
        }
        return outcome;
    }

    /// <summary>The program's arguments for a task: the spec's, the task's options, seed, output folder and resume option.</summary>
    /// <param name="task">The task.</param>
    /// <param name="folder">Its output folder.</param>
    /// <param name="resumeFrom">Checkpoint to resume from, or null.</param>
    public IReadOnlyList<string> Arguments(ScanTask task, string folder, string? resumeFrom)
    {
        var spec = _plan.Spec;
        var list = new List<string>(spec.Arguments);
        foreach (var (k, v) in task.Options)
        {
            list.Add(k);
            if (v.Length > 0) list.Add(v);
        }
        list.AddRange([spec.SeedOption, task.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), spec.OutOption, folder]);
        if (resumeFrom is not null) list.AddRange([spec.ResumeOption, resumeFrom]);
        return list;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
