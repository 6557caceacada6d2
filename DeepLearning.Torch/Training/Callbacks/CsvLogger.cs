namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// Keeps a CSV file of the history (one row per epoch: <c>epoch</c>, every key, <c>lr</c>, <c>seconds</c>), rewritten
/// atomically after each epoch, so a resumed run's file holds all epochs. Runs late (<see cref="Order"/> 200).
/// </summary>
public sealed class CsvLogger : Callback
{
    /// <summary>Creates the logger.</summary>
    /// <param name="path">CSV file; its directory is created if needed.</param>
    public CsvLogger(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override int Order => 200;

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context)
    {
        string full = System.IO.Path.GetFullPath(Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, context.History.ToCsv());
        File.Move(temporary, full, overwrite: true);
    }
}
