namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Exact receiver operating characteristic of a binary classifier, with scikit-learn 1.2
/// <c>roc_curve</c> semantics: samples sorted once by score (O(n log n)), tied scores grouped into one
/// point, sample weights (negative Monte Carlo weights allowed; weight-zero samples ignored), and the
/// curve starting at (0, 0) with a first threshold of <c>max(score) + 1</c> (what scikit-learn 1.2 returns;
/// 1.3 and later return +inf there).
/// </summary>
public sealed class RocCurve
{
    private readonly double[] _fpr;
    private readonly double[] _tpr;
    private readonly Lazy<(double[] Fpr, double[] Tpr, double[] Thresholds)> _full;
    private readonly Lazy<bool> _tprIncreasing;

    private RocCurve(double[] fpr, double[] tpr, double[] thresholds, Lazy<(double[] Fpr, double[] Tpr, double[] Thresholds)> full)
    {
        _fpr = fpr;
        _tpr = tpr;
        _full = full;
        Fpr = fpr;
        Tpr = tpr;
        Thresholds = thresholds;
        _tprIncreasing = new Lazy<bool>(() =>
        {
            var t = _full.Value.Tpr;
            for (int i = 1; i < t.Length; i++)
            {
                if (t[i] < t[i - 1])
                    return false;
            }

            return true;
        });
    }

    /// <summary>False positive rate (background efficiency eps_B) at each threshold, starting at 0.</summary>
    public IReadOnlyList<double> Fpr { get; }

    /// <summary>True positive rate (signal efficiency eps_S) at each threshold, starting at 0.</summary>
    public IReadOnlyList<double> Tpr { get; }

    /// <summary>Decreasing score thresholds (a sample is selected when score &gt;= threshold); the first is max(score) + 1.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Effective number of background events (sum w)^2 / sum w^2 (the count for unit weights).</summary>
    public double BackgroundEffectiveCount { get; private init; }

    /// <summary>Computes the ROC curve.</summary>
    /// <param name="labels">Binary labels: 1 for signal (positive), 0 for background.</param>
    /// <param name="scores">Classifier scores, larger meaning more signal-like; finite.</param>
    /// <param name="weights">Optional sample weights (may be negative); null for unit weights.</param>
    /// <param name="dropIntermediate">Drop points collinear with their neighbours (scikit-learn's default, true).
    /// Rejections and working points are always computed on the full curve.</param>
    /// <exception cref="ArgumentException">Lengths differ, input is empty, a score or weight is not finite,
    /// a label is not 0/1, or only one class is present.</exception>
    public static RocCurve Compute(int[] labels, double[] scores, double[]? weights = null, bool dropIntermediate = true)
    {
        return FromSorted(BinaryInput.Prepare(labels, scores, weights), dropIntermediate);
    }

    /// <summary>Computes the ROC curve from single-precision scores (converted exactly to double).</summary>
    /// <param name="labels">Binary labels: 1 for signal, 0 for background.</param>
    /// <param name="scores">Classifier scores.</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="dropIntermediate">Drop collinear points (default true).</param>
    public static RocCurve Compute(int[] labels, float[] scores, double[]? weights = null, bool dropIntermediate = true)
        => Compute(labels, BinaryInput.ToDouble(scores), weights, dropIntermediate);

    /// <summary>Computes the ROC curve from a model's outputs (tensors on any device and of any real dtype, copied to the
    /// CPU and left untouched).</summary>
    /// <param name="labels">0/1 labels as <see cref="Data.ClassLabels"/> reads them: [N] or [N, 1] integer, bool or 0/1 float
    /// values, or one-hot rows [N, 2].</param>
    /// <param name="scores">Scores, probabilities or logits [N] or [N, 1], or two-class outputs [N, 2] (see <paramref name="kind"/>).</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="dropIntermediate">Drop collinear points (default true).</param>
    /// <param name="kind">What <paramref name="scores"/> holds. The curve is the same for logits and probabilities (only
    /// the order counts); the thresholds are in the scores' units, probabilities with <see cref="ScoreKind.Logits"/>.
    /// Default <see cref="ScoreKind.Scores"/>.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not 0/1 class labels, or as the array overload.</exception>
    public static RocCurve Compute(TorchSharp.torch.Tensor labels, TorchSharp.torch.Tensor scores, TorchSharp.torch.Tensor? weights = null,
        bool dropIntermediate = true, ScoreKind kind = ScoreKind.Scores)
        => Compute(TensorInput.Labels(labels, 2, nameof(labels)), TensorInput.BinaryScores(scores, kind, nameof(scores)),
            TensorInput.Weights(weights, nameof(weights)), dropIntermediate);

    /// <summary>
    /// Builds the curve in one streaming pass. When points are dropped, the full curve (for rejections and
    /// working points) is rebuilt on first use from the sorted scores, which the curve then keeps (12 bytes per
    /// sample, 20 with weights; the weights are a sorted copy, so later changes to the caller's array cannot reach it).
    /// </summary>
    internal static RocCurve FromSorted(SortedScores sorted, bool dropIntermediate)
    {
        BinaryInput.RequireBothClasses(sorted);
        var (fpr, tpr, thr, dropped) = CurveBuilder.Roc(sorted, dropIntermediate);
        var full = new Lazy<(double[], double[], double[])>(() =>
        {
            if (!dropped) return (fpr, tpr, thr);
            var (f, t, th, _) = CurveBuilder.Roc(sorted, drop: false);
            return (f, t, th);
        });

        return new RocCurve(fpr, tpr, thr, full) { BackgroundEffectiveCount = sorted.BackgroundEffectiveCount };
    }

    /// <summary>Area under the curve by the trapezoidal rule (scikit-learn <c>auc(fpr, tpr)</c>).</summary>
    public double Auc() => Trapezoid.Area(_fpr, _tpr, _fpr.Length);

    /// <summary>
    /// Partial AUC for FPR in [0, <paramref name="maxFpr"/>], the curve interpolated linearly at maxFpr.
    /// Standardized (default) applies the McClish correction 0.5 * (1 + (A - maxFpr^2/2) / (maxFpr - maxFpr^2/2)),
    /// equal to scikit-learn's <c>roc_auc_score(max_fpr=...)</c>: 0.5 for a random classifier, 1 for a perfect one.
    /// Raw returns the area A itself (at most maxFpr).
    /// </summary>
    /// <param name="maxFpr">Upper FPR limit in (0, 1]; 1 gives the full AUC.</param>
    /// <param name="standardized">Apply the McClish standardisation (default true).</param>
    public double PartialAuc(double maxFpr, bool standardized = true)
    {
        InputChecks.Fraction(maxFpr, nameof(maxFpr));
        if (maxFpr == 1)
            return Auc();

        int stop = 0;
        while (stop < Fpr.Count && Fpr[stop] <= maxFpr)
        {
            stop++; // numpy.searchsorted(fpr, max_fpr, "right")
        }

        var x = new double[stop + 1];
        var y = new double[stop + 1];
        for (int i = 0; i < stop; i++)
        {
            x[i] = Fpr[i];
            y[i] = Tpr[i];
        }

        double slope = (Tpr[stop] - Tpr[stop - 1]) / (Fpr[stop] - Fpr[stop - 1]);
        x[stop] = maxFpr;
        y[stop] = (slope * (maxFpr - Fpr[stop - 1])) + Tpr[stop - 1];
        double area = Trapezoid.Area(x, y, x.Length);
        if (!standardized)
            return area;

        double minArea = 0.5 * maxFpr * maxFpr;
        return 0.5 * (1 + ((area - minArea) / (maxFpr - minArea)));
    }

    /// <summary>Background rejection 1/eps_B at a signal efficiency (see <see cref="RejectionAt"/>): positive infinity when
    /// no background passes there; <see cref="RejectionAt"/> then gives the lower limit to quote instead.</summary>
    /// <param name="signalEfficiency">eps_S in (0, 1].</param>
    public double BackgroundRejectionAt(double signalEfficiency) => RejectionAt(signalEfficiency).Rejection;

    /// <summary>
    /// Background rejection at a signal efficiency: eps_B is interpolated linearly in eps_S between the two
    /// neighbouring points of the exact (full) ROC curve; where several points share that eps_S, the smallest
    /// eps_B (first in threshold order) is used. Includes the binomial error (see <see cref="RejectionPoint"/>). When no
    /// background passes (eps_B = 0, or at most 0 with negative weights) the rejection is infinite and the point carries
    /// the lower limit <see cref="RejectionPoint.RejectionLowerLimit"/> at <paramref name="confidenceLevel"/>.
    /// </summary>
    /// <param name="signalEfficiency">eps_S in (0, 1].</param>
    /// <param name="confidenceLevel">Confidence level of the lower limit, in (0, 1) (default 0.95).</param>
    public RejectionPoint RejectionAt(double signalEfficiency, double confidenceLevel = 0.95)
    {
        InputChecks.Fraction(signalEfficiency, nameof(signalEfficiency));
        InputChecks.Fraction(confidenceLevel, nameof(confidenceLevel), allowOne: false);
        var (fullFpr, fullTpr, _) = _full.Value;
        double epsB = BackgroundEfficiencyAt(fullFpr, fullTpr, signalEfficiency, _tprIncreasing.Value);
        if (!(epsB > 0))
        {
            double upper = BinomialInterval.ZeroPassUpperLimit(BackgroundEffectiveCount, confidenceLevel);
            return new RejectionPoint(signalEfficiency, epsB, double.PositiveInfinity, double.PositiveInfinity)
            {
                RejectionLowerLimit = 1 / upper,
                ConfidenceLevel = confidenceLevel,
            };
        }

        double rejection = 1.0 / epsB;
        double error = BackgroundEffectiveCount > 0
            ? rejection * Math.Sqrt(Math.Max(0, 1 - epsB) / (epsB * BackgroundEffectiveCount))
            : double.PositiveInfinity;
        return new RejectionPoint(signalEfficiency, epsB, rejection, error) { ConfidenceLevel = confidenceLevel };
    }

    /// <summary>Signal and background efficiency of the selection score &gt;= <paramref name="threshold"/>.</summary>
    /// <param name="threshold">The score cut.</param>
    public WorkingPoint AtThreshold(double threshold)
    {
        if (double.IsNaN(threshold))
            throw new ArgumentException("Expected a threshold, got NaN.", nameof(threshold));

        var (fpr, tpr, thresholds) = _full.Value;
        int last = 0; // index 0 selects nothing
        while (last + 1 < thresholds.Length && thresholds[last + 1] >= threshold)
            last++;

        return new WorkingPoint(threshold, tpr[last], fpr[last], 1.0 / fpr[last]);
    }

    internal static double BackgroundEfficiencyAt(double[] fpr, double[] tpr, double signalEfficiency, bool tprIncreasing)
    {
        int i = 0;
        if (tprIncreasing)
        {
            int hi = tpr.Length; // binary search for the first tpr >= signalEfficiency
            while (i < hi)
            {
                int mid = i + ((hi - i) / 2);
                if (tpr[mid] < signalEfficiency)
                    i = mid + 1;
                else
                    hi = mid;
            }
        }
        else
        {
            while (i < tpr.Length && tpr[i] < signalEfficiency)
            {
                i++; // negative weights: the curve may go back, take the first crossing
            }
        }

        if (i == tpr.Length)
        {
            return fpr[^1]; // only reachable through rounding: tpr[^1] is 1
        }

        if (tpr[i] == signalEfficiency || i == 0)
            return fpr[i];

        double t = (signalEfficiency - tpr[i - 1]) / (tpr[i] - tpr[i - 1]);
        return fpr[i - 1] + (t * (fpr[i] - fpr[i - 1]));
    }
}
