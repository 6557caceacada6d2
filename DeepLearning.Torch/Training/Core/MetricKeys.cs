namespace DeepLearning.Torch.Training.Core;

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

    /// <summary>Training precision of a binary classifier (<c>Precision</c>).</summary>
    public const string Precision = "precision";

    /// <summary>Training recall of a binary classifier (<c>Recall</c>).</summary>
    public const string Recall = "recall";

    /// <summary>Training area under the ROC curve (<c>Auc</c>).</summary>
    public const string Auc = "auc";

    /// <summary>Training mean absolute error (<c>MeanAbsoluteError</c>).</summary>
    public const string MeanAbsoluteError = "mean_absolute_error";

    /// <summary>Training root mean squared error (<c>RootMeanSquaredError</c>).</summary>
    public const string RootMeanSquaredError = "root_mean_squared_error";

    /// <summary>Key of <c>TopKAccuracy</c>: <c>top_{k}_accuracy</c>.</summary>
    /// <param name="k">How many of the highest scores count as a hit.</param>
    public static string TopKAccuracy(int k) => $"top_{k}_accuracy";

    /// <summary>Whether <paramref name="key"/> is taken by the trainer itself (loss, learning rate, skipped batches).</summary>
    internal static bool IsReserved(string key) => key is Loss or LearningRate or SkippedBatches;

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
