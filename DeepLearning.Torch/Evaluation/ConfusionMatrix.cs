using DeepLearning.Torch.Data;

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
        ClassLabels.Check(trueLabels, numClasses, nameof(trueLabels));
        ClassLabels.Check(predictedLabels, numClasses, nameof(predictedLabels));
        InputChecks.Weights(weights, trueLabels.Length, nameof(weights));
        var counts = new double[numClasses, numClasses];
        for (int i = 0; i < trueLabels.Length; i++)
            counts[trueLabels[i], predictedLabels[i]] += weights?[i] ?? 1.0;

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

    /// <summary>Computes the matrix from tensors of true and predicted classes (any device; copied to the CPU and left untouched).</summary>
    /// <param name="trueLabels">True classes as <see cref="ClassLabels"/> reads them: indices [N] or [N, 1] (integer, bool or
    /// whole-number float) or one-hot rows [N, numClasses].</param>
    /// <param name="predictedLabels">Predicted classes, read the same way: class rows [N, numClasses] (one-hot, probabilities
    /// or logits) give their arg-max.</param>
    /// <param name="numClasses">Number of classes (at least 2).</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="classNames">Optional class names, numClasses of them.</param>
    /// <exception cref="ArgumentException">The labels are not class labels, or as the array overload.</exception>
    public static ConfusionMatrix Compute(TorchSharp.torch.Tensor trueLabels, TorchSharp.torch.Tensor predictedLabels, int numClasses,
        TorchSharp.torch.Tensor? weights = null, IReadOnlyList<string>? classNames = null)
    {
        Names(numClasses, classNames);
        return Compute(TensorInput.Labels(trueLabels, numClasses, nameof(trueLabels)), TensorInput.Labels(predictedLabels, numClasses, nameof(predictedLabels)),
            numClasses, TensorInput.Weights(weights, nameof(weights)), classNames);
    }

    /// <summary>Computes the matrix from a model's class outputs [N, C]: the prediction is the arg-max of each row.</summary>
    /// <param name="trueLabels">True classes as <see cref="ClassLabels"/> reads them.</param>
    /// <param name="probabilities">Outputs [N, C], C &gt;= 2: probabilities (checked, rows summing to 1), or logits with
    /// <paramref name="kind"/> <see cref="ScoreKind.Logits"/>, or any scores with <see cref="ScoreKind.Scores"/> (the arg-max is the same).</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="classNames">Optional class names.</param>
    /// <param name="kind">What <paramref name="probabilities"/> holds (default probabilities, checked).</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not class labels, or the outputs are
    /// not of the given kind.</exception>
    public static ConfusionMatrix FromProbabilities(TorchSharp.torch.Tensor trueLabels, TorchSharp.torch.Tensor probabilities,
        TorchSharp.torch.Tensor? weights = null, IReadOnlyList<string>? classNames = null, ScoreKind kind = ScoreKind.Probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var p = TensorInput.ClassScores(probabilities, kind, nameof(probabilities));
        int k = p.GetLength(1);
        return Compute(TensorInput.Labels(trueLabels, k, nameof(trueLabels)), Predictions.ArgMax(p), k, TensorInput.Weights(weights, nameof(weights)), classNames);
    }

    /// <summary>Binary matrix from a model's outputs: the prediction is class 1 where the probability is at least
    /// <paramref name="threshold"/>. The threshold is a probability unless <paramref name="kind"/> is
    /// <see cref="ScoreKind.Scores"/>: logits go through the sigmoid first, so a threshold of 0.5 means a logit of 0.</summary>
    /// <param name="trueLabels">0/1 labels as <see cref="ClassLabels"/> reads them.</param>
    /// <param name="scores">One output per sample [N] or [N, 1], or two-class outputs [N, 2] (second column).</param>
    /// <param name="threshold">Cut (default 0.5).</param>
    /// <param name="kind">What <paramref name="scores"/> holds (default probabilities, checked to lie in [0, 1], so that
    /// logits passed by mistake are refused rather than cut at 0.5).</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="classNames">Optional names of class 0 and class 1.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not 0/1 class labels, or the scores
    /// are not of the given kind.</exception>
    public static ConfusionMatrix FromScores(TorchSharp.torch.Tensor trueLabels, TorchSharp.torch.Tensor scores, double threshold = 0.5,
        ScoreKind kind = ScoreKind.Probabilities, TorchSharp.torch.Tensor? weights = null, IReadOnlyList<string>? classNames = null)
        => FromScores(TensorInput.Labels(trueLabels, 2, nameof(trueLabels)), TensorInput.BinaryScores(scores, kind, nameof(scores)),
            threshold, TensorInput.Weights(weights, nameof(weights)), classNames);

    /// <summary>A copy of the matrix, normalised as requested (empty rows/columns give zeros, as scikit-learn).</summary>
    /// <param name="normalization">Normalisation (default none).</param>
    public double[,] ToArray(ConfusionNormalization normalization = ConfusionNormalization.None)
    {
        int k = NumClasses;
        var result = (double[,])_counts.Clone();
        if (normalization == ConfusionNormalization.None)
            return result;

        double total = 0;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
                total += _counts[i, j];
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

    /// <summary>
    /// The matrix as an aligned text table for the console or a log: true classes by row, predicted classes by column,
    /// class names as headers (right-aligned, as scikit-learn prints its reports), one line per true class, each line
    /// ending in a newline. Unnormalised integral counts print as integers; weighted counts and normalised values with
    /// <paramref name="digits"/> decimals.
    /// </summary>
    /// <param name="normalization">Normalisation of the printed values (default raw counts).</param>
    /// <param name="digits">Decimals of non-integral values (default 2).</param>
    /// <example><code>
    /// true \ predicted  background  signal
    ///       background          50       3
    ///           signal           4      43
    /// </code></example>
    public string ToText(ConfusionNormalization normalization = ConfusionNormalization.None, int digits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        var values = ToArray(normalization);
        int k = NumClasses;
        bool integral = normalization == ConfusionNormalization.None && values.Cast<double>().All(v => v == Math.Round(v) && Math.Abs(v) < 1e15);
        string format = integral ? "0" : "F" + digits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cells = new string[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
                cells[i, j] = values[i, j].ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        }

        const string corner = "true \\ predicted";
        int first = Math.Max(corner.Length, ClassNames.Max(n => n.Length));
        var widths = Enumerable.Range(0, k).Select(j => Math.Max(ClassNames[j].Length, Enumerable.Range(0, k).Max(i => cells[i, j].Length))).ToArray();
        var text = new System.Text.StringBuilder();
        text.Append(corner.PadLeft(first));
        for (int j = 0; j < k; j++)
            text.Append("  ").Append(ClassNames[j].PadLeft(widths[j]));

        text.Append('\n');
        for (int i = 0; i < k; i++)
        {
            text.Append(ClassNames[i].PadLeft(first));
            for (int j = 0; j < k; j++)
                text.Append("  ").Append(cells[i, j].PadLeft(widths[j]));

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Sum of row <paramref name="trueClass"/>: the (weighted) support of that class.</summary>
    /// <param name="trueClass">True class index.</param>
    public double RowSum(int trueClass)
    {
        double s = 0;
        for (int j = 0; j < NumClasses; j++)
            s += _counts[trueClass, j];

        return s;
    }

    /// <summary>Sum of column <paramref name="predictedClass"/>: how often that class was predicted.</summary>
    /// <param name="predictedClass">Predicted class index.</param>
    public double ColumnSum(int predictedClass)
    {
        double s = 0;
        for (int i = 0; i < NumClasses; i++)
            s += _counts[i, predictedClass];

        return s;
    }

    internal static IReadOnlyList<string> Names(int numClasses, IReadOnlyList<string>? classNames)
    {
        if (numClasses < 2)
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "Expected at least 2 classes.");

        if (classNames is null)
            return Enumerable.Range(0, numClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        if (classNames.Count != numClasses)
        {
            throw new ArgumentException($"Expected {numClasses} class names, got {classNames.Count}.", nameof(classNames));
        }

        return classNames.ToArray();
    }
}
