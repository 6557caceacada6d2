namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// What a tensor of model outputs holds, for the evaluation entry points that take tensors. Rankings (ROC, AUC,
/// precision-recall, Kolmogorov-Smirnov) do not change under a monotone transform such as the sigmoid, so for them
/// logits and probabilities give the same curve; thresholds, confusion matrices and score histograms do change, and
/// there the kind decides.
/// </summary>
public enum ScoreKind
{
    /// <summary>Scores of any scale, used as given (thresholds in the scores' own units). Two-column outputs [N, 2] are
    /// read as probabilities (checked), their second column being the signal score.</summary>
    Scores,

    /// <summary>Probabilities, checked: values in [0, 1], and rows of [N, C] outputs summing to 1 (within
    /// 1e-8 + 1e-5 |sum|, scikit-learn's check).</summary>
    Probabilities,

    /// <summary>Logits, turned into probabilities: the sigmoid of one output per sample ([N] or [N, 1]), the softmax
    /// over the columns of [N, C] outputs.</summary>
    Logits,
}
