namespace DeepLearning.Torch.Scans;

/// <summary>
/// Runs a scan's tasks on this machine, one at a time (two libtorch trainings on one machine slow each other by an
/// order of magnitude). Finished tasks are skipped, so running a scan again continues it. A preempted task (SIGTERM
/// or SIGUSR1 to this process) stops the loop: run the scan again to resume.
/// </summary>
public static class LocalBackend
{
    /// <summary>Runs every unfinished task; returns the outcome per task index (tasks not reached are absent).</summary>
    /// <param name="plan">The scan.</param>
    /// <param name="log">Progress lines.</param>
    public static IReadOnlyDictionary<int, TaskOutcome> Run(ScanPlan plan, TextWriter log)
    {
        var runner = new TaskRunner(plan, log);
        var outcomes = new Dictionary<int, TaskOutcome>();
        foreach (var task in plan.Tasks)
        {
            var outcome = runner.Run(task.Index, requeueUnderSlurm: false);
            outcomes[task.Index] = outcome;
            if (outcome == TaskOutcome.Preempted) break;
        }
        return outcomes;
    }
}
