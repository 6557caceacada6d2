namespace DeepLearning.Torch.Scans;

/// <summary>What one task asks of a batch system (Slurm <c>sbatch</c> options, HTCondor <c>request_*</c>, Kubernetes requests).</summary>
/// <param name="Cpus">CPU cores per task (default 1).</param>
/// <param name="MemoryMb">Memory per task in MB (default 4096).</param>
/// <param name="Time">Wall-time limit per attempt, Slurm syntax <c>HH:MM:SS</c> (default 01:00:00).</param>
/// <param name="Partition">Slurm partition; null for the cluster's default.</param>
/// <param name="Gpus">GPUs per task (default 0).</param>
/// <param name="MaxConcurrent">Tasks running at once (Slurm <c>--array=...%N</c>); null for no limit.</param>
/// <param name="SignalSeconds">Seconds before the time limit at which Slurm sends SIGUSR1 (<c>--signal=B:USR1@N</c>; default 120).</param>
public sealed record ScanResources(int Cpus = 1, int MemoryMb = 4096, string Time = "01:00:00", string? Partition = null,
    int Gpus = 0, int? MaxConcurrent = null, int SignalSeconds = 120);
