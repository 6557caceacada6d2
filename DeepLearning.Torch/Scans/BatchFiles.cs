using System.Globalization;
using System.Text;
using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Scans;

/// <summary>
/// Submit files for the batch systems that cannot be tested here (see docs/SCANS.md): an HTCondor submit file
/// (one cluster of N procs, the task index passed as <c>$(ProcId)</c>) and a Kubernetes indexed Job manifest (the
/// task index from <c>JOB_COMPLETION_INDEX</c>). Both run the same task command as Slurm and treat the preemption exit
/// code (75) as "run again".
/// </summary>
public static class BatchFiles
{
    /// <summary>Writes <c>DIR/condor/scan.sub</c>; submit it with <c>condor_submit</c>. Returns its path.</summary>
    /// <param name="plan">The scan.</param>
    /// <param name="taskCommand">Command that runs one task (the index is read from <c>SCAN_TASK_INDEX</c>).</param>
    public static string WriteHtCondor(ScanPlan plan, IReadOnlyList<string> taskCommand)
    {
        var r = plan.Spec.Resources;
        string folder = Path.Combine(plan.Directory, "condor");
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"# HTCondor: condor_submit {Path.Combine(folder, "scan.sub")}\n");
        s.Append(CultureInfo.InvariantCulture, $"executable = {taskCommand[0]}\n");
        s.Append(CultureInfo.InvariantCulture, $"arguments = \"{string.Join(' ', taskCommand.Skip(1).Select(a => "'" + a.Replace("'", "''") + "'"))}\"\n");
        s.Append("environment = \"SCAN_TASK_INDEX=$(ProcId)\"\n");
        s.Append(CultureInfo.InvariantCulture, $"request_cpus = {r.Cpus}\nrequest_memory = {r.MemoryMb}\n");
        if (r.Gpus > 0) s.Append(CultureInfo.InvariantCulture, $"request_gpus = {r.Gpus}\n");
        s.Append(CultureInfo.InvariantCulture, $"output = {Path.Combine(folder, "$(ProcId).out")}\nerror = {Path.Combine(folder, "$(ProcId).err")}\nlog = {Path.Combine(folder, "scan.log")}\n");
        s.Append("# Preempted (exit code 75, after SIGTERM): back to the queue; it resumes from its checkpoint.\n");
        s.Append("on_exit_remove = (ExitBySignal == False) && (ExitCode =!= 75)\nkill_sig = SIGTERM\n");
        if (r.MaxConcurrent is { } m) s.Append(CultureInfo.InvariantCulture, $"max_materialize = {m}\n");
        s.Append(CultureInfo.InvariantCulture, $"queue {plan.Tasks.Count}\n");
        string path = Path.Combine(folder, "scan.sub");
        AtomicFile.Write(path, s.ToString(), "HTCondor submit file", createDirectory: true);
        return path;
    }

    /// <summary>
    /// Writes <c>DIR/kubernetes/job.yaml</c>, an indexed Job (<c>completionMode: Indexed</c>); set the image (one with
    /// the .NET runtime and the built scan front end) and a volume holding the scan folder at the same path, then
    /// <c>kubectl apply -f</c> it. Returns its path.
    /// </summary>
    /// <param name="plan">The scan.</param>
    /// <param name="taskCommand">Command that runs one task (the index is read from <c>JOB_COMPLETION_INDEX</c>).</param>
    /// <param name="image">Container image (default a placeholder to replace).</param>
    public static string WriteKubernetes(ScanPlan plan, IReadOnlyList<string> taskCommand, string image = "REPLACE-WITH-YOUR-IMAGE")
    {
        var r = plan.Spec.Resources;
        string name = new(plan.Spec.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        var s = new StringBuilder();
        s.Append("# Kubernetes indexed Job: kubectl apply -f job.yaml (the scan folder must be mounted at the same path)\n");
        s.Append(CultureInfo.InvariantCulture, $"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: scan-{name}\nspec:\n");
        s.Append(CultureInfo.InvariantCulture, $"  completions: {plan.Tasks.Count}\n  parallelism: {r.MaxConcurrent ?? plan.Tasks.Count}\n  completionMode: Indexed\n");
        s.Append("  backoffLimitPerIndex: 3\n  podFailurePolicy:\n    rules:\n");
        s.Append("      - action: Ignore        # preempted (exit code 75 after SIGTERM): retried without counting as a failure\n");
        s.Append("        onExitCodes: {containerName: task, operator: In, values: [75]}\n");
        s.Append("      - action: Ignore\n        onPodConditions: [{type: DisruptionTarget}]\n");
        s.Append("  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: task\n");
        s.Append(CultureInfo.InvariantCulture, $"          image: {image}\n");
        s.Append("          command: [").Append(string.Join(", ", taskCommand.Select(a => "\"" + a.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""))).Append("]\n");
        s.Append(CultureInfo.InvariantCulture, $"          resources:\n            requests: {{cpu: \"{r.Cpus}\", memory: \"{r.MemoryMb}Mi\"}}\n");
        s.Append(CultureInfo.InvariantCulture, $"            limits: {{memory: \"{r.MemoryMb}Mi\"{(r.Gpus > 0 ? $", nvidia.com/gpu: \"{r.Gpus}\"" : "")}}}\n");
        string path = Path.Combine(plan.Directory, "kubernetes", "job.yaml");
        AtomicFile.Write(path, s.ToString(), "Kubernetes manifest", createDirectory: true);
        return path;
    }
}
