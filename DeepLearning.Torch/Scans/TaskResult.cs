namespace DeepLearning.Torch.Scans;

/// <summary>What one finished task gave, as <see cref="ScanMerge"/> reads it from the task's folder.</summary>
/// <param name="Index">Array index.</param>
/// <param name="Id">Stable task id.</param>
/// <param name="ConfigurationId">Stable configuration id.</param>
/// <param name="Options">The task's options.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Auc">Test AUC.</param>
/// <param name="Rejection30">1/ε_B at ε_S = 0.3 with its binomial error (a lower limit where no background passes).</param>
/// <param name="Rejection50">1/ε_B at ε_S = 0.5, likewise.</param>
/// <param name="Seconds">Wall time summed over the task's attempts.</param>
/// <param name="Attempts">Attempts (more than one when the task was preempted and resumed).</param>
/// <param name="ValLoss">The validation loss per epoch (empty without validation).</param>
public sealed record TaskResult(int Index, string Id, string ConfigurationId, IReadOnlyDictionary<string, string> Options, long Seed,
    double Auc, Evaluation.RejectionPoint Rejection30, Evaluation.RejectionPoint Rejection50, double Seconds, int Attempts,
    IReadOnlyList<double> ValLoss);
