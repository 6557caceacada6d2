namespace DeepLearning.Torch.Evaluation;

/// <summary>A point estimate with a confidence interval.</summary>
/// <param name="Estimate">The value on the full sample.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="ConfidenceLevel">Coverage, e.g. 0.95.</param>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double ConfidenceLevel);
