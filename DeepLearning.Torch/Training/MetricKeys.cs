namespace DeepLearning.Torch.Training;

/// <summary>Keys of the values in epoch logs and <see cref="History"/> (Keras convention: validation keys carry a <c>val_</c> prefix).</summary>
public static class MetricKeys
{
    /// <summary>Training loss (data loss plus regularization), mean over the epoch's samples.</summary>
    public const string Loss = "loss";

    /// <summary>Validation loss.</summary>
    public const string ValidationLoss = "val_loss";

    /// <summary>Training accuracy.</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Validation accuracy.</summary>
    public const string ValidationAccuracy = "val_accuracy";

    /// <summary>Learning rate in use at the end of the epoch.</summary>
    public const string LearningRate = "lr";

    /// <summary>Training batches skipped in the epoch because of non-finite numbers (recorded with <c>TerminateOnNaN { SkipBatch = true }</c>).</summary>
    public const string SkippedBatches = "skipped_batches";

    /// <summary>Prefix of validation keys.</summary>
    public const string ValidationPrefix = "val_";

    /// <summary>The validation key of a metric: <c>val_</c> + <paramref name="key"/>.</summary>
    /// <param name="key">A training metric key such as <see cref="Loss"/>.</param>
    public static string Validation(string key) => ValidationPrefix + key;
}
