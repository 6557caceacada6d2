using System.Text;

namespace DeepLearning.Torch.Scans;

/// <summary>The state of every task of a scan, read from its folder.</summary>
public static class ScanStatus
{
    /// <summary>A table: index, id, state (done / preempted / failed / started / pending), attempts, options and seed.</summary>
    /// <param name="plan">The scan.</param>
    public static string Describe(ScanPlan plan)
    {
        var text = new StringBuilder();
        text.Append($"scan '{plan.Spec.Name}' in {plan.Directory}: {plan.Tasks.Count} tasks\n");
        int done = 0;
        foreach (var task in plan.Tasks)
        {
            var attempts = plan.Attempts(task);
            string state = plan.IsDone(task) ? "done"
                : attempts.Count > 0 ? attempts[^1].Outcome.ToString().ToLowerInvariant()
                : Directory.Exists(plan.TaskFolder(task)) ? "started" : "pending";
            if (state == "done") done++;
            text.Append($"{task.Index,4}  {task.Id}  {state,-9}  attempts {attempts.Count}  {task.OptionsText} seed {task.Seed}\n");
        }
        text.Append($"{done} of {plan.Tasks.Count} done\n");
        return text.ToString();
    }
}
