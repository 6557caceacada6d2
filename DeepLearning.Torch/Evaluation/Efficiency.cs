namespace DeepLearning.Torch.Evaluation;

/// <summary>An efficiency (passed / total) with a confidence interval.</summary>
/// <param name="Value">The efficiency, passed / total (weighted sums for weighted samples).</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="EffectiveTotal">Effective number of samples (sum w)^2 / sum w^2 (the count for unit weights).</param>
/// <param name="ConfidenceLevel">Coverage of the interval, e.g. 0.6827.</param>
public sealed record Efficiency(double Value, double Lower, double Upper, double EffectiveTotal, double ConfidenceLevel);
