namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// A binary sample sorted once by score (see <see cref="ScoreOrder"/>), with optional weights and bootstrap
/// multiplicities; <see cref="Points"/> walks its distinct scores in descending order.
/// </summary>
internal sealed class SortedScores
{
    public SortedScores(uint[]? keys32, ulong[]? keys64, int[] payload, double[]? sortedWeights, int[]? multiplicity = null)
    {
        Keys32 = keys32;
        Keys64 = keys64;
        Payload = payload;
        Weights = sortedWeights;
        Multiplicity = multiplicity;
        (PositiveTotal, NegativeTotal, NegativeSquareSum) = Totals();
        _pointCount = new Lazy<int>(CountPoints);
    }

    private readonly Lazy<int> _pointCount;

    /// <summary>
    /// The totals a full <see cref="Points"/> walk ends with, summed in the same (descending) order so that they are
    /// bit-identical, but in one plain pass without comparing keys.
    /// </summary>
    private (double Positive, double Negative, double NegativeSquares) Totals()
    {
        var payload = Payload;
        if (!Weighted)
        {
            long positives = 0;
            for (int i = payload.Length - 1; i >= 0; i--)
                positives += payload[i] < 0 ? 1 : 0;

            long negatives = payload.Length - positives;
            return (positives, negatives, negatives);
        }

        var weights = Weights;
        var multiplicity = Multiplicity;
        double tp = 0, fp = 0, squares = 0;
        for (int i = payload.Length - 1; i >= 0; i--)
        {
            int p = payload[i];
            double w = weights is null ? 1.0 : weights[i];
            if (multiplicity is not null)
                w *= multiplicity[ScoreOrder.IndexOf(p)];

            if (w == 0)
                continue;

            if (p < 0)
                tp += w;
            else
            {
                fp += w;
                squares += w * w;
            }
        }

        return (tp, fp, squares);
    }

    private int CountPoints()
    {
        var cursor = Points();
        int count = 0;
        while (cursor.MoveNext())
            count++;

        return count;
    }

    /// <summary>Sorted 32-bit keys, ascending (when every score is a float), else null.</summary>
    public uint[]? Keys32 { get; }

    /// <summary>Sorted 64-bit keys, ascending (when <see cref="Keys32"/> is null).</summary>
    public ulong[]? Keys64 { get; }

    /// <summary>Number of samples.</summary>
    public int Length => Payload.Length;

    /// <summary>Original index and label of each sorted key (see <see cref="ScoreOrder.Sort"/>).</summary>
    public int[] Payload { get; }

    /// <summary>Sample weights in sorted order (aligned with <see cref="Payload"/>, a copy the caller cannot change), or null.</summary>
    public double[]? Weights { get; }

    /// <summary>Bootstrap multiplicities by original index, or null.</summary>
    public int[]? Multiplicity { get; }

    /// <summary>Whether sums are weighted (weights or multiplicities present).</summary>
    public bool Weighted => Weights is not null || Multiplicity is not null;

    /// <summary>Number of distinct scores with a non-zero weight.</summary>
    public int PointCount => _pointCount.Value;

    /// <summary>Total positive (signal) weight.</summary>
    public double PositiveTotal { get; }

    /// <summary>Total negative (background) weight.</summary>
    public double NegativeTotal { get; }

    /// <summary>Sum of squared negative weights (the count for unit weights).</summary>
    public double NegativeSquareSum { get; }

    /// <summary>Effective number of background events (sum w)^2 / sum w^2.</summary>
    public double BackgroundEffectiveCount => NegativeSquareSum > 0 ? NegativeTotal * NegativeTotal / NegativeSquareSum : 0;

    /// <summary>Whether both classes have positive total weight (else ROC and AUC are undefined).</summary>
    public bool HasBothClasses => PositiveTotal > 0 && NegativeTotal > 0;

    /// <summary>A cursor over the cumulative counts at each distinct score, highest score first.</summary>
    public PointCursor Points() => new(this);

    /// <summary>Sorts and wraps a validated sample.</summary>
    public static SortedScores Create(double[] scores, int[] labels, double[]? weights)
    {
        var (keys32, keys64, payload, sortedWeights) = ScoreOrder.Sort(scores, labels, weights);
        return new SortedScores(keys32, keys64, payload, sortedWeights);
    }
}
