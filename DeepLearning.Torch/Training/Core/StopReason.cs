namespace DeepLearning.Torch.Training.Core;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>Training has not stopped (still running) or never started.</summary>
    None,

    /// <summary>All requested epochs ran.</summary>
    Completed,

    /// <summary>Early stopping: the monitored quantity stopped improving for <c>Patience</c> epochs.</summary>
    EarlyStopping,

    /// <summary>A NaN or infinite loss was seen, e.g. from a NaN input batch (TerminateOnNaN).</summary>
    NonFiniteLoss,

    /// <summary>A NaN or infinite gradient was seen with a finite loss: an exploding gradient (TerminateOnNaN).</summary>
    NonFiniteGradient,

    /// <summary>A callback requested the stop for another reason.</summary>
    CallbackRequest,

    /// <summary>The cancellation token was cancelled.</summary>
    Cancelled,
}
