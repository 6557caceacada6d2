namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Confusion matrix with scikit-learn <c>confusion_matrix</c> semantics: entry [i, j] is the (weighted)
/// number of samples of true class i predicted as class j; rows are true classes, columns predictions.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly double[,] _counts;

    private ConfusionMatrix(double[,] counts, IReadOnlyList<string> classNames)
    {
        _counts = counts;
        ClassNames = classNames;
    }

    /// <summary>Class names, one per row/column (the class index as text when none were given).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes.</summary>
    public int NumClasses => ClassNames.Count;

    /// <summary>The (weighted) count of true class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    /// <param name="trueClass">Row: true class index.</param>
    /// <param name="predictedClass">Column: predicted class index.</param>
    public double this[int trueClass, int predictedClass] => _counts[trueClass, predictedClass];

    /// <summary>Computes the matrix from true and predicted class indices.</summary>
    /// <param name="trueLabels">True class index of each sample, in 0..numClasses-1.</param>
    /// <param name="predictedLabels">Predicted class index of each sample, in 0..numClasses-1.</param>
    /// <param name="numClasses">Number of classes (at least 2).</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="classNames">Optional class names, numClasses of them.</param>
    /// <exception cref="ArgumentException">Lengths differ, input is empty, a label is outside the classes,
    /// a weight is not finite or the number of names is wrong.</exception>
    public static ConfusionMatrix Compute(int[] trueLabels, int[] predictedLabels, int numClasses,
        double[]? weights = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(trueLabels);
        ArgumentNullException.ThrowIfNull(predictedLabels);
        var names = Names(numClasses, classNames);
        InputChecks.NotEmpty<int>(trueLabels, nameof(trueLabels));
        InputChecks.SameLength(trueLabels.Length, predictedLabels.Length, nameof(trueLabels), nameof(predictedLabels));
        InputChecks.ClassLabels(trueLabels, numClasses, nameof(trueLabels));
        InputChecks.ClassLabels(predictedLabels, numClasses, nameof(predictedLabels));
        InputChecks.Weights(weights, trueLabels.Length, nameof(weights));
        var counts = new double[numClasses, numClasses];
        for (int i = 0; i < trueLabels.Length; i++)
        {
            counts[trueLabels[i], predictedLabels[i]] += weights?[i] ?? 1.0;
        }

        return new ConfusionMatrix(counts, names);
    }

    /// <summary>Computes the matrix with predictions taken as the argmax of each row of probabilities.</summary>
    /// <param name="trueLabels">True class index of each sample.</param>
    /// <param name="probabilities">Scores, one row per sample and one column per class.</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="classNames">Optional class names.</param>
    public static ConfusionMatrix FromProbabilities(int[] trueLabels, double[,] probabilities,
        double[]? weights = null, IReadOnlyList<string>? classNames = null)
        => Compute(trueLabels, Predictions.ArgMax(probabilities), probabilities.GetLength(1), weights, classNames);

    /// <summary>Binary matrix with the prediction <c>score &gt;= threshold</c> (class 1).</summary>
    /// <param name="trueLabels">Binary labels 0/1.</param>
    /// <param name="scores">Scores of class 1.</param>
    /// <param name="threshold">Cut (default 0.5).</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="classNames">Optional names of class 0 and class 1.</param>
    public static ConfusionMatrix FromScores(int[] trueLabels, double[] scores, double threshold = 0.5,
        double[]? weights = null, IReadOnlyList<string>? classNames = null)
        => Compute(trueLabels, Predictions.Threshold(scores, threshold), 2, weights, classNames);

    /// <summary>A copy of the matrix, normalised as requested (empty rows/columns give zeros, as scikit-learn).</summary>
    /// <param name="normalization">Normalisation (default none).</param>
    public double[,] ToArray(ConfusionNormalization normalization = ConfusionNormalization.None)
    {
        int k = NumClasses;
        var result = (double[,])_counts.Clone();
        if (normalization == ConfusionNormalization.None)
        {
            return result;
        }

        double total = 0;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                total += _counts[i, j];
            }
        }

        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double denominator = normalization switch
                {
                    ConfusionNormalization.True => RowSum(i),
                    ConfusionNormalization.Pred => ColumnSum(j),
                    _ => total,
                };
                double value = _counts[i, j] / denominator;
                result[i, j] = double.IsFinite(value) ? value : 0;
            }
        }

        return result;
    }

    /// <summary>Sum of row <paramref name="trueClass"/>: the (weighted) support of that class.</summary>
    /// <param name="trueClass">True class index.</param>
    public double RowSum(int trueClass)
    {
        double s = 0;
        for (int j = 0; j < NumClasses; j++)
        {
            s += _counts[trueClass, j];
        }

        return s;
    }

    /// <summary>Sum of column <paramref name="predictedClass"/>: how often that class was predicted.</summary>
    /// <param name="predictedClass">Predicted class index.</param>
    public double ColumnSum(int predictedClass)
    {
        double s = 0;
        for (int i = 0; i < NumClasses; i++)
        {
            s += _counts[i, predictedClass];
        }

        return s;
    }

    internal static IReadOnlyList<string> Names(int numClasses, IReadOnlyList<string>? classNames)
    {
        if (numClasses < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "Expected at least 2 classes.");
        }

        if (classNames is null)
        {
            return Enumerable.Range(0, numClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        if (classNames.Count != numClasses)
        {
            throw new ArgumentException($"Expected {numClasses} class names, got {classNames.Count}.", nameof(classNames));
        }

        return classNames.ToArray();
    }
}
