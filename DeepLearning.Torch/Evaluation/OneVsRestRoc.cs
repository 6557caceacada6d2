using DeepLearning.Torch.Data;

namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Multi-class ROC one-vs-rest: one binary ROC per class (that class as signal, all others as background),
/// its AUC, and the macro (unweighted) and weighted-by-prevalence averages, as scikit-learn's
/// <c>roc_auc_score(multi_class="ovr", average="macro" | "weighted")</c>.
/// </summary>
public sealed class OneVsRestRoc
{
    private OneVsRestRoc(IReadOnlyList<RocCurve> curves, IReadOnlyList<double> aucs, IReadOnlyList<double> prevalence, IReadOnlyList<string> names)
    {
        Curves = curves;
        PerClassAuc = aucs;
        Prevalence = prevalence;
        ClassNames = names;
        MacroAuc = aucs.Average();
        double num = 0, den = 0;
        for (int k = 0; k < aucs.Count; k++)
        {
            num += aucs[k] * prevalence[k];
            den += prevalence[k];
        }

        WeightedAuc = num / den;
    }

    /// <summary>ROC curve of each class against the rest.</summary>
    public IReadOnlyList<RocCurve> Curves { get; }

    /// <summary>AUC of each class against the rest.</summary>
    public IReadOnlyList<double> PerClassAuc { get; }

    /// <summary>(Weighted) number of samples of each class: the weights of <see cref="WeightedAuc"/>.</summary>
    public IReadOnlyList<double> Prevalence { get; }

    /// <summary>Class names.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Unweighted mean of the per-class AUCs.</summary>
    public double MacroAuc { get; }

    /// <summary>Mean of the per-class AUCs weighted by prevalence.</summary>
    public double WeightedAuc { get; }

    /// <summary>Computes the curves.</summary>
    /// <param name="labels">True class index of each sample, in 0..K-1 where K is the number of columns.</param>
    /// <param name="probabilities">Class probabilities, one row per sample; each row must sum to 1
    /// (within |1 - s| &lt;= 1e-8 + 1e-5 |s|, scikit-learn's check).</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="classNames">Optional class names.</param>
    /// <exception cref="ArgumentException">Lengths differ, input is empty, fewer than 3 columns, a value is
    /// not finite, a row does not sum to 1, a label is outside the classes, or a class is absent.</exception>
    public static OneVsRestRoc Compute(int[] labels, double[,] probabilities, double[]? weights = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        int n = probabilities.GetLength(0), k = probabilities.GetLength(1);
        InputChecks.NotEmpty<int>(labels, nameof(labels));
        InputChecks.SameLength(labels.Length, n, nameof(labels), nameof(probabilities));
        if (k < 3)
        {
            throw new ArgumentException($"Expected at least 3 class columns for one-vs-rest, got {k}; use RocCurve for two classes.", nameof(probabilities));
        }

        var names = ConfusionMatrix.Names(k, classNames);
        ClassLabels.Check(labels, k, nameof(labels));
        InputChecks.Weights(weights, n, nameof(weights));
        InputChecks.ProbabilityRows(probabilities, nameof(probabilities));
        var present = new bool[k];
        var prevalence = new double[k];
        for (int i = 0; i < n; i++)
        {
            present[labels[i]] = true;
            prevalence[labels[i]] += weights?[i] ?? 1.0;
        }

        int missing = Array.IndexOf(present, false);
        if (missing >= 0)
        {
            throw new ArgumentException($"Class {missing} ({names[missing]}) does not occur in the labels: its one-vs-rest AUC is undefined.", nameof(labels));
        }

        var curves = new RocCurve[k];
        var aucs = new double[k];
        var binary = new int[n];
        var column = new double[n];
        for (int c = 0; c < k; c++)
        {
            for (int i = 0; i < n; i++)
            {
                binary[i] = labels[i] == c ? 1 : 0;
                column[i] = probabilities[i, c];
            }

            curves[c] = RocCurve.Compute(binary, column, weights);
            aucs[c] = curves[c].Auc();
        }

        return new OneVsRestRoc(curves, aucs, prevalence, names);
    }

    /// <summary>Computes the curves from a model's outputs (tensors on any device, copied to the CPU and left untouched).</summary>
    /// <param name="labels">Class labels as <see cref="Data.ClassLabels"/> reads them: indices [N] or [N, 1] (integer, bool
    /// or whole-number float) or one-hot rows [N, K].</param>
    /// <param name="probabilities">Outputs [N, K], K &gt;= 3: probabilities (rows summing to 1) or, with
    /// <paramref name="kind"/> <see cref="ScoreKind.Logits"/>, logits (softmax applied).</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="classNames">Optional class names.</param>
    /// <param name="kind">What <paramref name="probabilities"/> holds (default probabilities, checked).</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not class labels, the outputs are
    /// not probabilities of the given kind, or as the array overload.</exception>
    public static OneVsRestRoc Compute(TorchSharp.torch.Tensor labels, TorchSharp.torch.Tensor probabilities, TorchSharp.torch.Tensor? weights = null,
        IReadOnlyList<string>? classNames = null, ScoreKind kind = ScoreKind.Probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var p = TensorInput.ClassScores(probabilities, kind, nameof(probabilities));
        return Compute(TensorInput.Labels(labels, p.GetLength(1), nameof(labels)), p, TensorInput.Weights(weights, nameof(weights)), classNames);
    }
}
