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
        var (replicas, skipped) = Resample([sorted], labels.Length, options);
        double cl = options.ConfidenceLevel;
        var rejectionIntervals = new Dictionary<double, ConfidenceInterval>();
        for (int e = 0; e < effs.Count; e++)
            rejectionIntervals[effs[e]] = Interval(nominal.BackgroundRejectionAt(effs[e]), replicas.Select(r => 1.0 / r[0].BackgroundEfficiency[e]).ToList(), cl);
        return new RocBootstrapResult(Interval(nominal.Auc(), replicas.Select(r => r[0].Auc).ToList(), cl), rejectionIntervals, replicas.Count, skipped);
    }

    /// <summary>
    /// Compares two classifiers scored on the same samples with a paired bootstrap: every replica resamples the samples
    /// once and evaluates both models on that resample, so what the two share (the same hard or easy samples) cancels in
    /// the difference. The interval of AUC(B) − AUC(A) is therefore much narrower than the two models' separate
    /// intervals suggest, and it is the one that says whether B is better than A beyond the statistical uncertainty of the
    /// test sample. (It says nothing about the spread between trainings with other seeds.)
    /// </summary>
    /// <param name="labels">Binary labels 0/1, shared by both models.</param>
    /// <param name="scoresA">Scores of model A (the reference); finite.</param>
    /// <param name="scoresB">Scores of model B for the same samples in the same order; finite.</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <exception cref="ArgumentException">As <see cref="Compute(int[], double[], double[], RocBootstrapOptions)"/>, naming
    /// <paramref name="scoresA"/> or <paramref name="scoresB"/> when one of them is at fault.</exception>
    public static RocComparisonResult Compare(int[] labels, double[] scoresA, double[] scoresB, double[]? weights = null, RocBootstrapOptions? options = null)
    {
        options ??= new RocBootstrapOptions();
        options.Validate();
        var a = BinaryInput.Prepare(labels, scoresA, weights, nameof(scoresA));
        var b = BinaryInput.Prepare(labels, scoresB, weights, nameof(scoresB));
        RocCurve nominalA = RocCurve.FromSorted(a, dropIntermediate: false), nominalB = RocCurve.FromSorted(b, dropIntermediate: false);
        var effs = options.SignalEfficiencies;
        var (replicas, skipped) = Resample([a, b], labels.Length, options);
        double cl = options.ConfidenceLevel;
        var differences = replicas.Select(r => r[1].Auc - r[0].Auc).ToList();
        var ratios = new Dictionary<double, ConfidenceInterval>();
        for (int e = 0; e < effs.Count; e++)
        {
            // (1/ε_B of B) / (1/ε_B of A) = ε_B of A / ε_B of B; undefined where neither lets a background through.
            var values = replicas.Select(r => r[0].BackgroundEfficiency[e] / r[1].BackgroundEfficiency[e]).Where(v => !double.IsNaN(v)).ToList();
            double estimate = nominalB.BackgroundRejectionAt(effs[e]) / nominalA.BackgroundRejectionAt(effs[e]);
            ratios[effs[e]] = values.Count == 0
                ? new ConfidenceInterval(estimate, double.NaN, double.NaN, cl)
                : Interval(estimate, values, cl);
        }
        double notHigher = differences.Count(d => d <= 0) / (double)differences.Count;
        return new RocComparisonResult(Interval(nominalB.Auc() - nominalA.Auc(), differences, cl), ratios, notHigher, replicas.Count, skipped);
    }

    /// <summary>
    /// The AUC and the background efficiencies at the options' signal efficiencies of each model on every replica (all
    /// models see the same multiplicities), and the number of replicas dropped because they lost a class.
    /// </summary>
    private static (List<(double Auc, double[] BackgroundEfficiency)[]> Replicas, int Skipped) Resample(IReadOnlyList<SortedScores> models, int n, RocBootstrapOptions options)
    {
        var effs = options.SignalEfficiencies;
        var replicas = new List<(double Auc, double[] BackgroundEfficiency)[]>(options.Replicates);
        var rng = new Random(options.Seed);
        int skipped = 0;
        var multiplicity = new int[n];
        for (int r = 0; r < options.Replicates; r++)
        {
            Array.Clear(multiplicity);
            for (int i = 0; i < n; i++)
                multiplicity[rng.Next(n)]++;
            var summaries = new (double Auc, double[] BackgroundEfficiency)[models.Count];
            bool bothClasses = true;
            for (int m = 0; m < models.Count && bothClasses; m++)
            {
                var s = models[m];
                var replica = new SortedScores(s.Keys32, s.Keys64, s.Payload, s.Weights, multiplicity);
                bothClasses = replica.HasBothClasses;
                if (bothClasses) summaries[m] = CurveBuilder.Summary(replica, effs);
            }
            if (bothClasses) replicas.Add(summaries);
            else skipped++;
        }
        if (replicas.Count == 0)
            throw new ArgumentException("Every bootstrap replica lost one class: too few samples of one class.", "labels");
        return (replicas, skipped);
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

    /// <summary>Compares two models' outputs on the same samples (tensors on any device, copied to the CPU and left untouched); see the array overload.</summary>
    /// <param name="labels">0/1 labels as <see cref="Data.ClassLabels"/> reads them.</param>
    /// <param name="scoresA">Model A's scores, probabilities or logits [N] or [N, 1], or two-class outputs [N, 2].</param>
    /// <param name="scoresB">Model B's outputs for the same samples, in the same form.</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <param name="kind">What the scores hold (the comparison does not depend on it). Default <see cref="ScoreKind.Scores"/>.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not 0/1 class labels, or as the array overload.</exception>
    public static RocComparisonResult Compare(TorchSharp.torch.Tensor labels, TorchSharp.torch.Tensor scoresA, TorchSharp.torch.Tensor scoresB,
        TorchSharp.torch.Tensor? weights = null, RocBootstrapOptions? options = null, ScoreKind kind = ScoreKind.Scores)
        => Compare(TensorInput.Labels(labels, 2, nameof(labels)), TensorInput.BinaryScores(scoresA, kind, nameof(scoresA)),
            TensorInput.BinaryScores(scoresB, kind, nameof(scoresB)), TensorInput.Weights(weights, nameof(weights)), options);

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
