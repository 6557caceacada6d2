namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Seeded, non-parametric bootstrap of the AUC and background rejections: samples are drawn n times with
/// replacement (multinomial multiplicities multiplying the weights), the scores are sorted only once, each
/// replica costs O(n) without allocating, and intervals are percentiles (numpy "linear" interpolation) of the replicas.
/// </summary>
public static class RocBootstrap
{
    /// <summary>Computes the intervals.</summary>
    /// <param name="labels">Binary labels 0/1.</param>
    /// <param name="scores">Scores; finite.</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <exception cref="ArgumentException">As <see cref="RocCurve.Compute(int[], double[], double[], bool)"/>.</exception>
    public static RocBootstrapResult Compute(int[] labels, double[] scores, double[]? weights = null, RocBootstrapOptions? options = null)
    {
        options ??= new RocBootstrapOptions();
        options.Validate();
        var sorted = BinaryInput.Prepare(labels, scores, weights);
        var nominal = RocCurve.FromSorted(sorted, dropIntermediate: false);
        var effs = options.SignalEfficiencies;
        var aucs = new List<double>(options.Replicates);
        var rejections = effs.Select(_ => new List<double>(options.Replicates)).ToArray();
        var rng = new Random(options.Seed);
        int n = labels.Length, skipped = 0;
        var multiplicity = new int[n];
        for (int r = 0; r < options.Replicates; r++)
        {
            Array.Clear(multiplicity);
            for (int i = 0; i < n; i++)
                multiplicity[rng.Next(n)]++;

            var replica = new SortedScores(sorted.Keys32, sorted.Keys64, sorted.Payload, sorted.Weights, multiplicity);
            if (!replica.HasBothClasses)
            {
                skipped++;
                continue;
            }

            var (auc, backgroundEfficiency) = CurveBuilder.Summary(replica, effs);
            aucs.Add(auc);
            for (int e = 0; e < effs.Count; e++)
                rejections[e].Add(1.0 / backgroundEfficiency[e]);
        }

        if (aucs.Count == 0)
            throw new ArgumentException("Every bootstrap replica lost one class: too few samples of one class.", nameof(labels));

        double cl = options.ConfidenceLevel;
        var rejectionIntervals = new Dictionary<double, ConfidenceInterval>();
        for (int e = 0; e < effs.Count; e++)
            rejectionIntervals[effs[e]] = Interval(nominal.BackgroundRejectionAt(effs[e]), rejections[e], cl);

        return new RocBootstrapResult(Interval(nominal.Auc(), aucs, cl), rejectionIntervals, aucs.Count, skipped);
    }

    /// <summary>Computes the intervals from a model's outputs (tensors on any device, copied to the CPU and left untouched).</summary>
    /// <param name="labels">0/1 labels as <see cref="Data.ClassLabels"/> reads them.</param>
    /// <param name="scores">Scores, probabilities or logits [N] or [N, 1], or two-class outputs [N, 2].</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <param name="kind">What <paramref name="scores"/> holds (the intervals do not depend on it). Default <see cref="ScoreKind.Scores"/>.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not 0/1 class labels, or as the array overload.</exception>
    public static RocBootstrapResult Compute(TorchSharp.torch.Tensor labels, TorchSharp.torch.Tensor scores, TorchSharp.torch.Tensor? weights = null,
        RocBootstrapOptions? options = null, ScoreKind kind = ScoreKind.Scores)
        => Compute(TensorInput.Labels(labels, 2, nameof(labels)), TensorInput.BinaryScores(scores, kind, nameof(scores)),
            TensorInput.Weights(weights, nameof(weights)), options);

    internal static ConfidenceInterval Interval(double estimate, List<double> values, double confidenceLevel)
    {
        values.Sort();
        double alpha = 1 - confidenceLevel;
        return new ConfidenceInterval(estimate, Percentile(values, alpha / 2), Percentile(values, 1 - (alpha / 2)), confidenceLevel);
    }

    /// <summary>numpy.percentile(values, 100 q) with linear interpolation on sorted values.</summary>
    internal static double Percentile(List<double> sorted, double q)
    {
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        double frac = pos - lo;
        if (frac == 0 || sorted[lo] == sorted[hi])
            return sorted[lo];

        return sorted[lo] + (frac * (sorted[hi] - sorted[lo]));
    }
}
