namespace DeepLearning.Torch.Training.Checkpoints;

/// <summary>A checkpoint file is missing, truncated, corrupt, of another format version, or does not fit the model.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="problem">What is wrong, as a sentence.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public CheckpointException(string path, string problem, Exception? inner = null)
        : base($"Checkpoint '{path}': {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
