using DeepLearning.Torch.IO;
using DeepLearning.Torch.Training.Core;
namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// Keeps a CSV file of the history (one row per epoch: <c>epoch</c>, every key, <c>lr</c>, <c>seconds</c>), rewritten
/// atomically after each epoch, so a resumed run's file holds all epochs and a failed write never leaves half a file. Runs late (<see cref="Order"/> 200).
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
    public override IEnumerable<string> OutputPaths => [Path];

    /// <inheritdoc />
    /// <exception cref="IOException">The file cannot be written; the message names it and the previous file is left unchanged.</exception>
    public override void OnEpochEnd(TrainingContext context) => AtomicFile.Write(Path, context.History.ToCsv(), "history CSV", createDirectory: true);

    /// <inheritdoc />
    /// <remarks>
    /// Writes the file once more at the end, so a run resumed from a checkpoint of its last epoch (killed after the
    /// checkpoint, before this logger's epoch-end write) still leaves a CSV with every epoch.
    /// </remarks>
    /// <exception cref="IOException">The file cannot be written; the message names it and the previous file is left unchanged.</exception>
    public override void OnTrainEnd(TrainingContext context)
    {
        if (context.History.Epochs.Count > 0)
            AtomicFile.Write(Path, context.History.ToCsv(), "history CSV", createDirectory: true);
    }
}
