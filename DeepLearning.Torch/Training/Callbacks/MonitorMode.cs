namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>Whether a monitored quantity improves by decreasing or increasing.</summary>
public enum MonitorMode
{
    /// <summary>Max for keys containing "acc" or "auc", Min otherwise.</summary>
    Auto,

    /// <summary>Lower is better (losses).</summary>
    Min,

    /// <summary>Higher is better (accuracy, AUC).</summary>
    Max,
}
