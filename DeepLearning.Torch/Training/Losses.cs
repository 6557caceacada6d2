using DeepLearning.Torch.Training.LossFunctions;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Loss functions for <see cref="TrainerOptions.Loss"/>: the one way the library, its examples and its documentation
/// construct the built-in losses (<c>Losses.MeanAbsoluteError()</c>, not <c>new MeanAbsoluteError()</c>, a name the metric
/// <c>Metrics.MeanAbsoluteError</c> shares). Custom losses derive from <see cref="Loss"/>.
/// </summary>
public static class Losses
{
    /// <summary>Mean squared error.</summary>
    public static MeanSquaredError MeanSquaredError() => new();

    /// <summary>Mean absolute error.</summary>
    public static MeanAbsoluteError MeanAbsoluteError() => new();

    /// <summary>Binary cross-entropy on probabilities (a sigmoid output), or on logits with <paramref name="fromLogits"/> (as Keras).</summary>
    /// <param name="fromLogits">Whether the model outputs logits (no sigmoid). <value>Default false.</value></param>
    public static BinaryCrossEntropy BinaryCrossEntropy(bool fromLogits = false) => new(fromLogits);

    /// <summary>Categorical cross-entropy with integer or one-hot targets, on probabilities (a softmax output), or on logits with <paramref name="fromLogits"/> (as Keras).</summary>
    /// <param name="fromLogits">Whether the model outputs logits (no softmax). <value>Default false.</value></param>
    public static CategoricalCrossEntropy CategoricalCrossEntropy(bool fromLogits = false) => new(fromLogits);

    /// <summary>Negative log-likelihood of log-probability outputs.</summary>
    public static NegativeLogLikelihood NegativeLogLikelihood() => new();

    /// <summary>KL divergence of the predictions from the targets.</summary>
    /// <param name="logPredictions">Whether the model outputs log-probabilities.</param>
    public static KLDivergence KLDivergence(bool logPredictions = false) => new(logPredictions);

    /// <summary>Chi-square with covariance <paramref name="covariance"/>.</summary>
    /// <param name="covariance">Symmetric positive-definite D x D matrix.</param>
    public static ChiSquare ChiSquare(double[,] covariance) => new(covariance);
}
