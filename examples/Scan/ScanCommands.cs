using DeepLearning.Torch.Scans;
using DeepLearning.Torch.Training;

namespace DeepLearning.Examples.Scan;

/// <summary>The scan front end's commands; each returns the process exit code.</summary>
public static class ScanCommands
{
    /// <summary>Expands the spec into DIR, writes the batch files and runs the tasks here or submits them to Slurm.</summary>
    /// <param name="specPath">Spec file.</param>
    /// <param name="backend">local or slurm.</param>
    /// <param name="directory">Scan folder.</param>
    public static int Run(string specPath, string backend, string directory)
    {
        var spec = ScanSpec.Load(specPath);
        if (spec.Program.Example is { } example) spec = spec.WithProgram(new ScanProgram(Dll: ExampleLocator.Locate(example)));
        var plan = ScanPlan.Create(spec, directory);
        var command = TaskCommand(plan);
        Console.WriteLine($"scan '{spec.Name}': {plan.Tasks.Count} tasks in {plan.Directory}");
        Console.WriteLine($"HTCondor submit file: {BatchFiles.WriteHtCondor(plan, command)}");
        Console.WriteLine($"Kubernetes indexed job: {BatchFiles.WriteKubernetes(plan, command)}");
        if (backend == "slurm")
        {
            string job = SlurmBackend.Submit(plan, command);
            Console.WriteLine($"submitted job array {job} ({plan.Tasks.Count} tasks, script {Path.Combine(plan.Directory, "slurm", "scan.sbatch")}); follow it with squeue -j {job} or 'status {directory}'");
            return 0;
        }
        var outcomes = LocalBackend.Run(plan, Console.Out);
        Console.Write(ScanStatus.Describe(plan));
        if (outcomes.Values.Contains(TaskOutcome.Preempted)) return PreemptionSignal.ExitCode;
        return outcomes.Values.Contains(TaskOutcome.Failed) ? 1 : 0;
    }

    /// <summary>Prints the state of every task.</summary>
    /// <param name="directory">Scan folder.</param>
    public static int Status(string directory)
    {
        Console.Write(ScanStatus.Describe(ScanPlan.Load(directory)));
        return 0;
    }

    /// <summary>Writes the report over the finished tasks.</summary>
    /// <param name="directory">Scan folder.</param>
    public static int Merge(string directory)
    {
        var plan = ScanPlan.Load(directory);
        var results = ScanMerge.Write(plan);
        Console.WriteLine($"{results.Count} of {plan.Tasks.Count} tasks merged: {Path.Combine(plan.Directory, "report.md")}, {Path.Combine(plan.Directory, "scan.json")}");
        return 0;
    }

    /// <summary>Runs one task (a job-array element); exit code 0 done or skipped, 75 preempted (requeued under Slurm), 1 failed.</summary>
    /// <param name="directory">Scan folder.</param>
    /// <param name="index">Task index, or null to read it from the batch system's environment.</param>
    public static int Task(string directory, int? index)
    {
        var plan = ScanPlan.Load(directory);
        int i = index ?? TaskRunner.IndexFromEnvironment()
            ?? throw new InvalidOperationException("no task index: give one, or run inside a job array (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or SCAN_TASK_INDEX)");
        return new TaskRunner(plan, Console.Out).Run(i) switch
        {
            TaskOutcome.Completed or TaskOutcome.Skipped => 0,
            TaskOutcome.Preempted => PreemptionSignal.ExitCode,
            _ => 1,
        };
    }

    /// <summary>The command each job-array element runs: this program's <c>task DIR</c>.</summary>
    private static IReadOnlyList<string> TaskCommand(ScanPlan plan)
    {
        string self = typeof(ScanCommands).Assembly.Location;
        string? host = Environment.ProcessPath;
        return host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, self, "task", plan.Directory] : ["dotnet", self, "task", plan.Directory];
    }
}
