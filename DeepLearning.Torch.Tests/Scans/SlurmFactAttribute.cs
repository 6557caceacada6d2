using Xunit;

namespace DeepLearning.Torch.Tests.Scans;

/// <summary>
/// A fact that needs the local Slurm cluster of tools/slurm/local-cluster.sh; skipped, with the reason, where it cannot be
/// started (not Linux, not root, neither Slurm nor apt-get installed). Where it can, the test starts it and fails with the
/// script's message if the start fails.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "Slurm cannot start here: tools/slurm/local-cluster.sh needs Linux.";
        else if (Environment.UserName != "root") Skip = $"Slurm cannot start here: tools/slurm/local-cluster.sh start needs root (running as {Environment.UserName}).";
        else if (!OnPath("sbatch") && !OnPath("apt-get")) Skip = "Slurm cannot start here: sbatch is not installed and apt-get is not available to install slurm-wlm.";
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));
}
