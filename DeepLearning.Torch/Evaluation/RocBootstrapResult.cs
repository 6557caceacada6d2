namespace DeepLearning.Torch.Evaluation;

/// <summary>Bootstrap intervals on the AUC and on background rejections.</summary>
/// <param name="Auc">AUC with its percentile interval.</param>
/// <param name="Rejections">1/eps_B with its percentile interval, keyed by signal efficiency.</param>
/// <param name="Replicates">Replicas used.</param>
/// <param name="Skipped">Replicas dropped because a class had no positive weight in them.</param>
public sealed record RocBootstrapResult(
    ConfidenceInterval Auc, IReadOnlyDictionary<double, ConfidenceInterval> Rejections, int Replicates, int Skipped);
