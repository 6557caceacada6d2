using System.Globalization;
using System.Text;

namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Accuracy and per-class precision, recall, F1, specificity with macro, weighted (by support) and micro
/// averages: scikit-learn's <c>precision_recall_fscore_support</c> and <c>classification_report</c>
/// (with <c>labels</c> = all classes and <c>zero_division=0</c>).
/// </summary>
public sealed class ClassificationReport
{
    private readonly bool _weighted;
    private readonly bool _microIsAccuracy;

    private ClassificationReport(IReadOnlyList<ClassMetrics> classes, double accuracy, ClassMetrics macro,
        ClassMetrics weightedAverage, ClassMetrics micro, bool weighted, bool microIsAccuracy)
    {
        Classes = classes;
        Accuracy = accuracy;
        Macro = macro;
        Weighted = weightedAverage;
        Micro = micro;
        _weighted = weighted;
        _microIsAccuracy = microIsAccuracy;
    }

    /// <summary>Metrics of each class, in class order.</summary>
    public IReadOnlyList<ClassMetrics> Classes { get; }

    /// <summary>(Weighted) fraction of correct predictions.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted mean over classes.</summary>
    public ClassMetrics Macro { get; }

    /// <summary>Mean over classes weighted by support.</summary>
    public ClassMetrics Weighted { get; }

    /// <summary>Global counts (precision = recall = F1 = accuracy when every class occurs).</summary>
    public ClassMetrics Micro { get; }

    /// <summary>Computes the report.</summary>
    /// <param name="trueLabels">True class indices in 0..numClasses-1.</param>
    /// <param name="predictedLabels">Predicted class indices in 0..numClasses-1.</param>
    /// <param name="numClasses">Number of classes (at least 2).</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="classNames">Optional class names.</param>
    /// <exception cref="ArgumentException">As <see cref="ConfusionMatrix.Compute(int[], int[], int, double[], IReadOnlyList{string})"/>.</exception>
    public static ClassificationReport Compute(int[] trueLabels, int[] predictedLabels, int numClasses,
        double[]? weights = null, IReadOnlyList<string>? classNames = null)
    {
        var cm = ConfusionMatrix.Compute(trueLabels, predictedLabels, numClasses, weights, classNames);
        int k = numClasses;
        var tp = new double[k];
        var predSum = new double[k];
        var trueSum = new double[k];
        var present = new bool[k];
        double correct = 0, total = 0;
        for (int i = 0; i < trueLabels.Length; i++)
        {
            double w = weights?[i] ?? 1.0;
            int t = trueLabels[i], p = predictedLabels[i];
            present[t] = present[p] = true;
            trueSum[t] += w;
            predSum[p] += w;
            total += w;
            if (t == p)
            {
                tp[t] += w;
                correct += w;
            }
        }

        var classes = new ClassMetrics[k];
        for (int c = 0; c < k; c++)
        {
            double precision = Divide(tp[c], predSum[c]);
            double recall = Divide(tp[c], trueSum[c]);
            double fp = predSum[c] - tp[c];
            double tn = total - trueSum[c] - fp;
            classes[c] = new ClassMetrics(cm.ClassNames[c], precision, recall, F1(precision, recall), Divide(tn, tn + fp), trueSum[c]);
        }

        double supportTotal = trueSum.Sum();
        var macro = new ClassMetrics("macro avg", classes.Average(m => m.Precision), classes.Average(m => m.Recall),
            classes.Average(m => m.F1), classes.Average(m => m.Specificity), supportTotal);
        var weightedAvg = new ClassMetrics("weighted avg", WeightedMean(classes, m => m.Precision, trueSum),
            WeightedMean(classes, m => m.Recall, trueSum), WeightedMean(classes, m => m.F1, trueSum),
            WeightedMean(classes, m => m.Specificity, trueSum), supportTotal);
        double tpAll = tp.Sum(), microP = Divide(tpAll, predSum.Sum()), microR = Divide(tpAll, supportTotal);
        double tnAll = 0, fpAll = 0;
        for (int c = 0; c < k; c++)
        {
            fpAll += predSum[c] - tp[c];
            tnAll += total - trueSum[c] - (predSum[c] - tp[c]);
        }

        var micro = new ClassMetrics("micro avg", microP, microR, F1(microP, microR), Divide(tnAll, tnAll + fpAll), supportTotal);
        return new ClassificationReport(classes, Divide(correct, total), macro, weightedAvg, micro, weights is not null, present.All(x => x));
    }

    /// <summary>Computes the report from tensors of true and predicted classes (any device; copied to the CPU and left untouched).</summary>
    /// <param name="trueLabels">True classes as <see cref="Data.ClassLabels"/> reads them.</param>
    /// <param name="predictedLabels">Predicted classes, read the same way: class rows [N, numClasses] (one-hot, probabilities
    /// or logits) give their arg-max.</param>
    /// <param name="numClasses">Number of classes (at least 2).</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="classNames">Optional class names.</param>
    /// <exception cref="ArgumentException">The labels are not class labels, or as the array overload.</exception>
    public static ClassificationReport Compute(TorchSharp.torch.Tensor trueLabels, TorchSharp.torch.Tensor predictedLabels, int numClasses,
        TorchSharp.torch.Tensor? weights = null, IReadOnlyList<string>? classNames = null)
    {
        ConfusionMatrix.Names(numClasses, classNames);
        return Compute(TensorInput.Labels(trueLabels, numClasses, nameof(trueLabels)), TensorInput.Labels(predictedLabels, numClasses, nameof(predictedLabels)),
            numClasses, TensorInput.Weights(weights, nameof(weights)), classNames);
    }

    /// <summary>Binary report from a model's outputs, class 1 predicted where the probability is at least
    /// <paramref name="threshold"/> (as <see cref="ConfusionMatrix.FromScores(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, double, ScoreKind, TorchSharp.torch.Tensor?, IReadOnlyList{string}?)"/>).</summary>
    /// <param name="trueLabels">0/1 labels as <see cref="Data.ClassLabels"/> reads them.</param>
    /// <param name="scores">One output per sample [N] or [N, 1], or two-class outputs [N, 2].</param>
    /// <param name="threshold">Cut (default 0.5).</param>
    /// <param name="kind">What <paramref name="scores"/> holds (default probabilities, checked).</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="classNames">Optional names of class 0 and class 1.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not 0/1 class labels, or the scores
    /// are not of the given kind.</exception>
    public static ClassificationReport FromScores(TorchSharp.torch.Tensor trueLabels, TorchSharp.torch.Tensor scores, double threshold = 0.5,
        ScoreKind kind = ScoreKind.Probabilities, TorchSharp.torch.Tensor? weights = null, IReadOnlyList<string>? classNames = null)
        => Compute(TensorInput.Labels(trueLabels, 2, nameof(trueLabels)),
            Predictions.Threshold(TensorInput.BinaryScores(scores, kind, nameof(scores)), threshold), 2, TensorInput.Weights(weights, nameof(weights)), classNames);

    /// <summary>
    /// The text of scikit-learn's <c>classification_report</c> (same columns, widths and rounding; the micro
    /// average is printed as the "accuracy" line when every class occurs in the labels or predictions).
    /// Supports print as integers for unit weights and as Python floats otherwise.
    /// </summary>
    /// <param name="digits">Decimals of the ratios (default 2, as scikit-learn).</param>
    public string ToText(int digits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        int width = Math.Max(Math.Max(Classes.Max(c => c.Name.Length), "weighted avg".Length), digits);
        var sb = new StringBuilder();
        sb.Append(new string(' ', width)).Append(' ');
        foreach (var h in new[] { "precision", "recall", "f1-score", "support" })
            sb.Append(' ').Append(h.PadLeft(9));

        sb.Append("\n\n");
        foreach (var c in Classes)
            AppendRow(sb, c.Name, c, width, digits);

        sb.Append('\n');
        if (_microIsAccuracy)
        {
            sb.Append("accuracy".PadLeft(width)).Append(' ').Append(' ', 20)
              .Append(' ').Append(PythonFormat.Fixed(Micro.F1, digits).PadLeft(9))
              .Append(' ').Append(Support(Micro.Support).PadLeft(9)).Append('\n');
        }
        else
            AppendRow(sb, "micro avg", Micro, width, digits);

        AppendRow(sb, "macro avg", Macro, width, digits);
        AppendRow(sb, "weighted avg", Weighted, width, digits);
        return sb.ToString();
    }

    private void AppendRow(StringBuilder sb, string name, ClassMetrics m, int width, int digits)
    {
        sb.Append(name.PadLeft(width)).Append(' ');
        foreach (double v in new[] { m.Precision, m.Recall, m.F1 })
            sb.Append(' ').Append(PythonFormat.Fixed(v, digits).PadLeft(9));

        sb.Append(' ').Append(Support(m.Support).PadLeft(9)).Append('\n');
    }

    private string Support(double support) => _weighted
        ? PythonFormat.Repr(support)
        : ((long)support).ToString(CultureInfo.InvariantCulture);

    private static double Divide(double a, double b) => b == 0 ? 0 : a / b;

    private static double F1(double p, double r)
    {
        double denominator = p + r;
        return 2 * p * r / (denominator == 0 ? 1 : denominator);
    }

    private static double WeightedMean(ClassMetrics[] classes, Func<ClassMetrics, double> value, double[] weights)
    {
        double num = 0, den = 0;
        for (int c = 0; c < classes.Length; c++)
        {
            num += value(classes[c]) * weights[c];
            den += weights[c];
        }

        return den == 0 ? 0 : num / den;
    }
}
