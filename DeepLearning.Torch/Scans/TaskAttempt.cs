namespace DeepLearning.Torch.Scans;

/// <summary>One run of a task's program.</summary>
/// <param name="Start">When it started (UTC).</param>
/// <param name="Seconds">Wall time of the program.</param>
/// <param name="ExitCode">The program's exit code.</param>
/// <param name="Resumed">Whether it resumed from the task's checkpoint.</param>
/// <param name="Host">Machine it ran on.</param>
/// <param name="Outcome">What the attempt ended with.</param>
public sealed record TaskAttempt(DateTimeOffset Start, double Seconds, int ExitCode, bool Resumed, string Host, TaskOutcome Outcome);
