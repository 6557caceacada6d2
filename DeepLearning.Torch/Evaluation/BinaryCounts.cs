namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Cumulative weighted counts of positives and negatives above each distinct score, in descending score
/// order: scikit-learn's <c>_binary_clf_curve</c> (samples of weight zero removed, sums accumulated
/// sequentially in the same order, so results agree to the last bit on integer weights).
/// </summary>
internal sealed class BinaryCounts
{
    private BinaryCounts(double[] fps, double[] tps, double[] thresholds)
    {
        Fps = fps;
        Tps = tps;
        Thresholds = thresholds;
    }

    /// <summary>Weighted false positives with score &gt;= each threshold.</summary>
    public double[] Fps { get; }

    /// <summary>Weighted true positives with score &gt;= each threshold.</summary>
    public double[] Tps { get; }

    /// <summary>The distinct scores, descending.</summary>
    public double[] Thresholds { get; }

    /// <summary>Sum of negative-class weights.</summary>
    public double NegativeSum { get; private init; }

    /// <summary>Sum of squared negative-class weights.</summary>
    public double NegativeSquareSum { get; private init; }

    /// <summary>Sum of squared positive-class weights.</summary>
    public double PositiveSquareSum { get; private init; }

    /// <summary>Builds the counts from scores sorted once by <see cref="ScoreOrder.Sort"/>.</summary>
    /// <param name="keys">Sorted keys (ascending).</param>
    /// <param name="index">Original index of each sorted key.</param>
    /// <param name="scores">The original scores.</param>
    /// <param name="labels">Binary labels 0/1.</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="multiplicity">Optional integer multiplicities (bootstrap replicas), multiplying the weights.</param>
    public static BinaryCounts Build(
        ulong[] keys, int[] index, ReadOnlySpan<double> scores, ReadOnlySpan<int> labels,
        double[]? weights, int[]? multiplicity = null)
    {
        int n = keys.Length;
        var fps = new List<double>();
        var tps = new List<double>();
        var thr = new List<double>();
        bool weighted = weights is not null || multiplicity is not null;
        double tp = 0, fp = 0, negSum = 0, negSq = 0, posSq = 0;
        long kept = 0, tpCount = 0;
        int i = n - 1;
        while (i >= 0)
        {
            ulong key = keys[i];
            bool any = false;
            int groupIndex = index[i];
            while (i >= 0 && keys[i] == key)
            {
                int j = index[i];
                i--;
                double w = weights is null ? 1.0 : weights[j];
                if (multiplicity is not null)
                {
                    w *= multiplicity[j];
                }

                if (w == 0)
                {
                    continue;
                }

                any = true;
                kept++;
                if (labels[j] == 1)
                {
                    tp += w;
                    tpCount++;
                    posSq += w * w;
                }
                else
                {
                    fp += w;
                    negSum += w;
                    negSq += w * w;
                }
            }

            if (any)
            {
                tps.Add(weighted ? tp : tpCount);
                fps.Add(weighted ? fp : kept - tpCount);
                thr.Add(scores[groupIndex]);
            }
        }

        return new BinaryCounts(fps.ToArray(), tps.ToArray(), thr.ToArray())
        {
            NegativeSum = negSum,
            NegativeSquareSum = negSq,
            PositiveSquareSum = posSq,
        };
    }
}
