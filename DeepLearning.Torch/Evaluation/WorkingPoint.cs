namespace DeepLearning.Torch.Evaluation;

/// <summary>Efficiencies of the selection <c>score &gt;= Threshold</c>.</summary>
/// <param name="Threshold">The score cut.</param>
/// <param name="SignalEfficiency">Weighted fraction of signal with score &gt;= threshold (true positive rate).</param>
/// <param name="BackgroundEfficiency">Weighted fraction of background with score &gt;= threshold (false positive rate).</param>
/// <param name="Rejection">1 / <paramref name="BackgroundEfficiency"/> (positive infinity when no background passes).</param>
public sealed record WorkingPoint(double Threshold, double SignalEfficiency, double BackgroundEfficiency, double Rejection);
