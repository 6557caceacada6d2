namespace DeepLearning.Torch.Training;

/// <summary>What <see cref="Trainer.Fit"/> writes to the console while it trains (Keras' <c>fit(verbose=...)</c>).</summary>
public enum Verbosity
{
    /// <summary>
    /// <see cref="ProgressBar"/> when standard output is an interactive console, <see cref="EpochLines"/> when it is
    /// redirected (a file, a pipe, CI logs); nothing when <see cref="TrainerOptions.Progress"/> is set (Keras' <c>"auto"</c>).
    /// </summary>
    Auto,

    /// <summary>Nothing (Keras' <c>verbose=0</c>).</summary>
    Silent,

    /// <summary>One line per finished epoch with its loss and metrics (Keras' <c>verbose=2</c>).</summary>
    EpochLines,

    /// <summary>A live bar with the batch count, time left and running values while an epoch runs, then its line (Keras' <c>verbose=1</c>).</summary>
    ProgressBar,
}
