namespace DeepLearning.Torch.Evaluation;

/// <summary>How a confusion matrix is normalised (scikit-learn's <c>normalize</c> argument).</summary>
public enum ConfusionNormalization
{
    /// <summary>Raw (weighted) counts.</summary>
    None,

    /// <summary>Each row (true class) sums to 1: <c>normalize="true"</c>.</summary>
    True,

    /// <summary>Each column (predicted class) sums to 1: <c>normalize="pred"</c>.</summary>
    Pred,

    /// <summary>The whole matrix sums to 1: <c>normalize="all"</c>.</summary>
    All,
}
