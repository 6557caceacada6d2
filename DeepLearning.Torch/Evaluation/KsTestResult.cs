namespace DeepLearning.Torch.Evaluation;

/// <summary>Result of a two-sample Kolmogorov-Smirnov test.</summary>
/// <param name="Statistic">D = max |F1(x) - F2(x)| of the empirical distribution functions.</param>
/// <param name="PValue">Two-sided p-value of D under the hypothesis that both samples share a distribution.</param>
/// <param name="Exact">True when the p-value is exact (lattice-path count), false when asymptotic.</param>
public sealed record KsTestResult(double Statistic, double PValue, bool Exact);
