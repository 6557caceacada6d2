using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Scans;

/// <summary>
/// Submits a scan to Slurm as one job array (<c>sbatch --array=0-N</c>): each array task runs
/// <c>TASKCOMMAND</c> (e.g. <c>dotnet Scan.dll task DIR</c>), which reads <c>SLURM_ARRAY_TASK_ID</c> and runs that
/// task with <see cref="TaskRunner"/>. Resources per task come from <see cref="ScanSpec.Resources"/>; the job asks
/// for <c>--requeue</c> and <c>--signal=B:USR1@N</c>, so a task near its time limit or preempted checkpoints, requeues
/// itself and resumes. The script is <c>DIR/slurm/scan.sbatch</c>, the output of each task <c>DIR/slurm/%A_%a.out</c>.
/// </summary>
public static class SlurmBackend
{
    /// <summary>Writes the batch script (without submitting it); returns its path.</summary>
    /// <param name="plan">The scan.</param>
    /// <param name="taskCommand">Command that runs one task; the task index comes from <c>SLURM_ARRAY_TASK_ID</c>.</param>
    public static string WriteScript(ScanPlan plan, IReadOnlyList<string> taskCommand)
    {
        var r = plan.Spec.Resources;
        string folder = Path.Combine(plan.Directory, "slurm");
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={Safe(plan.Spec.Name)}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{plan.Tasks.Count - 1}{(r.MaxConcurrent is { } m ? $"%{m}" : "")}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --ntasks=1\n#SBATCH --cpus-per-task={r.Cpus}\n#SBATCH --mem={r.MemoryMb}M\n#SBATCH --time={r.Time}\n");
        if (r.Partition is not null) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={r.Partition}\n");
        if (r.Gpus > 0) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --gres=gpu:{r.Gpus}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --requeue\n#SBATCH --open-mode=append\n#SBATCH --signal=B:USR1@{r.SignalSeconds}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(folder, "%A_%a.out")}\n");
        s.Append("# The task runner is the batch step itself (exec): signals for the batch shell (scancel --batch, --signal=B:)\n");
        s.Append("# reach it, and it passes them on to the training, which checkpoints and exits; the runner then requeues the task.\n");
        s.Append("exec ").Append(string.Join(' ', taskCommand.Select(Quote))).Append('\n');
        string path = Path.Combine(folder, "scan.sbatch");
        AtomicFile.Write(path, s.ToString(), "Slurm batch script", createDirectory: true);
        return path;
    }

    /// <summary>Writes the script and submits it with <c>sbatch --parsable</c>; returns the job id of the array.</summary>
    /// <param name="plan">The scan.</param>
    /// <param name="taskCommand">Command that runs one task.</param>
    /// <exception cref="InvalidOperationException">sbatch is missing or refused the job (its message is included).</exception>
    public static string Submit(ScanPlan plan, IReadOnlyList<string> taskCommand)
    {
        string script = WriteScript(plan, taskCommand);
        var start = new ProcessStartInfo("sbatch", ["--parsable", script]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"sbatch could not be started ({e.Message}); is Slurm installed here? (tools/slurm/local-cluster.sh start makes a local cluster)", e);
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"sbatch {script} failed (exit code {process.ExitCode}): {error.Trim()}");
            string job = output.Trim().Split(';')[0];
            File.AppendAllText(Path.Combine(plan.Directory, "slurm", "jobs.txt"), job + "\n");
            return job;
        }
    }

    internal static string Quote(string a) => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=:@%+,".Contains(c)) ? a : "'" + a.Replace("'", "'\\''") + "'";

    private static string Safe(string name) => new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
