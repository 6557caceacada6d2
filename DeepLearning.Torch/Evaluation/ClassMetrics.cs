namespace DeepLearning.Torch.Evaluation;

/// <summary>Per-class (or averaged) classification metrics; undefined ratios (0/0) are 0, as scikit-learn.</summary>
/// <param name="Name">Class name, or the average's name ("macro avg", "weighted avg", "micro avg").</param>
/// <param name="Precision">tp / (tp + fp).</param>
/// <param name="Recall">Recall (sensitivity, efficiency): tp / (tp + fn).</param>
/// <param name="F1">2 P R / (P + R).</param>
/// <param name="Specificity">tn / (tn + fp).</param>
/// <param name="Support">(Weighted) number of samples of the class; the total for averages.</param>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, double Specificity, double Support);
