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

    /// <summary>Weighted false positives with score &gt;= each threshold; element 0 is the empty selection (0).</summary>
    public double[] Fps { get; }

    /// <summary>Weighted true positives with score &gt;= each threshold; element 0 is the empty selection (0).</summary>
    public double[] Tps { get; }

    /// <summary>The distinct scores, descending, after element 0 which is max(score) + 1 (selecting nothing).</summary>
    public double[] Thresholds { get; }

    /// <summary>Sum of negative-class weights.</summary>
    public double NegativeSum { get; private init; }

    /// <summary>Sum of squared negative-class weights.</summary>
    public double NegativeSquareSum { get; private init; }

    /// <summary>Builds the counts from scores sorted once by <see cref="ScoreOrder.Sort"/>.</summary>
    /// <param name="keys">Sorted keys (ascending).</param>
    /// <param name="payload">Payload of each sorted key (original index and label).</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <param name="multiplicity">Optional integer multiplicities (bootstrap replicas), multiplying the weights.</param>
    public static BinaryCounts Build(ulong[] keys, int[] payload, double[]? weights, int[]? multiplicity = null)
    {
        int n = keys.Length;
        int groups = n == 0 ? 0 : 1;
        for (int i = 1; i < n; i++)
        {
            groups += keys[i] != keys[i - 1] ? 1 : 0;
        }

        var fps = GC.AllocateUninitializedArray<double>(groups + 1);
        var tps = GC.AllocateUninitializedArray<double>(groups + 1);
        var thr = GC.AllocateUninitializedArray<double>(groups + 1);
        bool weighted = weights is not null || multiplicity is not null;
        double tp = 0, fp = 0, negSum = 0, negSq = 0;
        long kept = 0, tpCount = 0;
        int m = 1;
        int i2 = n - 1;
        while (i2 >= 0)
        {
            ulong key = keys[i2];
            bool any = false;
            for (; i2 >= 0 && keys[i2] == key; i2--)
            {
                int p = payload[i2];
                if (!weighted)
                {
                    kept++;
                    tpCount += p < 0 ? 1 : 0;
                    any = true;
                    continue;
                }

                int j = ScoreOrder.IndexOf(p);
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
                if (p < 0)
                {
                    tp += w;
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
                tps[m] = weighted ? tp : tpCount;
                fps[m] = weighted ? fp : kept - tpCount;
                thr[m] = ScoreOrder.Value(key);
                m++;
            }
        }

        if (!weighted)
        {
            negSum = negSq = kept - tpCount;
        }

        fps[0] = tps[0] = 0;
        thr[0] = m > 1 ? thr[1] + 1 : 0;
        if (m < groups + 1)
        {
            Array.Resize(ref fps, m);
            Array.Resize(ref tps, m);
            Array.Resize(ref thr, m);
        }

        return new BinaryCounts(fps, tps, thr) { NegativeSum = negSum, NegativeSquareSum = negSq };
    }
}
