namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// A binary sample sorted once by score (see <see cref="ScoreOrder"/>), with optional weights and bootstrap
/// multiplicities; <see cref="Points"/> walks its distinct scores in descending order.
/// </summary>
internal sealed class SortedScores
{
    public SortedScores(uint[]? keys32, ulong[]? keys64, int[] payload, double[]? weights, int[]? multiplicity = null)
    {
        Keys32 = keys32;
        Keys64 = keys64;
        Payload = payload;
        Weights = weights;
        Multiplicity = multiplicity;
        var totals = Points();
        int count = 0;
        while (totals.MoveNext())
        {
            count++;
        }

        PointCount = count;
        PositiveTotal = totals.Tp;
        NegativeTotal = totals.Fp;
        NegativeSquareSum = totals.NegativeSquareSum;
    }

    /// <summary>Sorted 32-bit keys, ascending (when every score is a float), else null.</summary>
    public uint[]? Keys32 { get; }

    /// <summary>Sorted 64-bit keys, ascending (when <see cref="Keys32"/> is null).</summary>
    public ulong[]? Keys64 { get; }

    /// <summary>Number of samples.</summary>
    public int Length => Payload.Length;

    /// <summary>Original index and label of each sorted key (see <see cref="ScoreOrder.Sort"/>).</summary>
    public int[] Payload { get; }

    /// <summary>Sample weights by original index, or null.</summary>
    public double[]? Weights { get; }

    /// <summary>Bootstrap multiplicities by original index, or null.</summary>
    public int[]? Multiplicity { get; }

    /// <summary>Whether sums are weighted (weights or multiplicities present).</summary>
    public bool Weighted => Weights is not null || Multiplicity is not null;

    /// <summary>Number of distinct scores with a non-zero weight.</summary>
    public int PointCount { get; }

    /// <summary>Total positive (signal) weight.</summary>
    public double PositiveTotal { get; }

    /// <summary>Total negative (background) weight.</summary>
    public double NegativeTotal { get; }

    /// <summary>Sum of squared negative weights (the count for unit weights).</summary>
    public double NegativeSquareSum { get; }

    /// <summary>Effective number of background events (sum w)^2 / sum w^2.</summary>
    public double BackgroundEffectiveCount => NegativeSquareSum > 0 ? NegativeTotal * NegativeTotal / NegativeSquareSum : 0;

    /// <summary>Whether both classes have positive total weight (else ROC and AUC are undefined).</summary>
    public bool HasBothClasses => PointCount > 0 && PositiveTotal > 0 && NegativeTotal > 0;

    /// <summary>A cursor over the cumulative counts at each distinct score, highest score first.</summary>
    public PointCursor Points() => new(this);

    /// <summary>Sorts and wraps a validated sample.</summary>
    public static SortedScores Create(double[] scores, int[] labels, double[]? weights)
    {
        var (keys32, keys64, payload) = ScoreOrder.Sort(scores, labels);
        return new SortedScores(keys32, keys64, payload, weights);
    }
}
