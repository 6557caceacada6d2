namespace DeepLearning.Torch.Evaluation;

/// <summary>A paired bootstrap comparison of model B against model A on the same test samples (<see cref="RocBootstrap.Compare(int[], double[], double[], double[], RocBootstrapOptions)"/>).</summary>
/// <param name="AucDifference">AUC(B) − AUC(A) with its percentile interval: B is better beyond the test sample's
/// statistical uncertainty when the interval lies above zero.</param>
/// <param name="RejectionRatios">(1/ε_B of B) / (1/ε_B of A) with its percentile interval, keyed by signal efficiency;
/// replicas in which neither model lets a background through are left out (the bounds are NaN when that is every replica).</param>
/// <param name="FractionAucNotHigher">Fraction of replicas in which B's AUC is not above A's (a one-sided bootstrap
/// p-value for "B has the higher AUC").</param>
/// <param name="Replicates">Replicas used.</param>
/// <param name="Skipped">Replicas dropped because a class had no positive weight in them.</param>
public sealed record RocComparisonResult(
    ConfidenceInterval AucDifference, IReadOnlyDictionary<double, ConfidenceInterval> RejectionRatios, double FractionAucNotHigher,
    int Replicates, int Skipped);
