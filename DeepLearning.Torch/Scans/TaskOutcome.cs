namespace DeepLearning.Torch.Scans;

/// <summary>How a run of a task ended.</summary>
public enum TaskOutcome
{
    /// <summary>The task had finished before: nothing ran.</summary>
    Skipped,

    /// <summary>The program exited with 0; the task is done.</summary>
    Completed,

    /// <summary>A preemption signal stopped it (exit code <see cref="Training.PreemptionSignal.ExitCode"/>); run it again to resume.</summary>
    Preempted,

    /// <summary>The program failed (any other exit code); see the task's <c>task.log</c>.</summary>
    Failed,
}
