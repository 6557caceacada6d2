namespace DeepLearning.Torch.Training;

/// <summary>A progress report, sent through <see cref="TrainerOptions.Progress"/> after each batch and each epoch.</summary>
/// <param name="Epoch">Current epoch, 1-based.</param>
/// <param name="Epochs">Total epochs requested.</param>
/// <param name="Batch">Batches completed in this epoch.</param>
/// <param name="BatchCount">Batches per epoch.</param>
/// <param name="IsEpochEnd">True for the report sent when the epoch (including validation) is finished.</param>
/// <param name="Logs">Running means of the loss and metrics in this epoch (at epoch end: all epoch values, validation included).</param>
/// <param name="Elapsed">Time since the epoch started.</param>
/// <param name="EstimatedRemaining">Estimated time to the end of the epoch (zero at epoch end).</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int BatchCount, bool IsEpochEnd,
    IReadOnlyDictionary<string, double> Logs, TimeSpan Elapsed, TimeSpan EstimatedRemaining);
