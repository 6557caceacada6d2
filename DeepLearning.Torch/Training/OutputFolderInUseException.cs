namespace DeepLearning.Torch.Training;

/// <summary>
/// Another training (this or another process) is writing to the same output folder: <see cref="Trainer.Fit"/> refuses to
/// start rather than let two runs overwrite each other's checkpoints and logs.
/// </summary>
public sealed class OutputFolderInUseException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="folder">The locked folder.</param>
    /// <param name="holder">What the lock file says about its holder (process id, machine, start time), or <c>null</c> if unknown.</param>
    /// <param name="inner">The underlying sharing violation.</param>
    public OutputFolderInUseException(string folder, string? holder, Exception? inner = null)
        : base($"Output folder '{folder}' is in use by another training ({holder ?? "holder unknown"}); " +
               "wait for it to finish or write this run's checkpoints and logs to another folder.", inner)
    {
        Folder = folder;
        Holder = holder;
    }

    /// <summary>The locked folder.</summary>
    public string Folder { get; }

    /// <summary>The holder as recorded in the lock's owner file (e.g. <c>pid 1234 on host, since ...</c>), or <c>null</c>.</summary>
    public string? Holder { get; }
}
