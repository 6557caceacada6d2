namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Walks the distinct scores of a <see cref="SortedScores"/> from the highest down, giving the cumulative
/// weighted false and true positives at each: scikit-learn's <c>_binary_clf_curve</c> (weight-zero samples
/// skipped; sums accumulated in numpy's order, descending score and, within ties, descending index).
/// </summary>
internal struct PointCursor
{
    private readonly SortedScores _s;
    private int _next;
    private long _kept;
    private long _tpCount;
    private double _tp;
    private double _fp;

    public PointCursor(SortedScores s)
    {
        _s = s;
        _next = s.Length - 1;
    }

    /// <summary>Cumulative false positives at the current point.</summary>
    public double Fp { get; private set; }

    /// <summary>Cumulative true positives at the current point.</summary>
    public double Tp { get; private set; }

    /// <summary>The current distinct score.</summary>
    public double Threshold { get; private set; }

    /// <summary>Advances to the next distinct score; false at the end.</summary>
    public bool MoveNext() => _s.Keys32 is { } keys32 ? Move(keys32) : Move(_s.Keys64!);

    private bool Move<T>(T[] keys)
        where T : unmanaged, IEquatable<T>
    {
        var payload = _s.Payload;
        var weights = _s.Weights;
        var multiplicity = _s.Multiplicity;
        bool weighted = _s.Weighted;
        while (_next >= 0)
        {
            T key = keys[_next];
            bool any = false;
            for (; _next >= 0 && keys[_next].Equals(key); _next--)
            {
                int p = payload[_next];
                if (!weighted)
                {
                    _kept++;
                    _tpCount += p < 0 ? 1 : 0;
                    any = true;
                    continue;
                }

                double w = weights is null ? 1.0 : weights[_next];   // sorted order: read sequentially
                if (multiplicity is not null)
                    w *= multiplicity[ScoreOrder.IndexOf(p)];

                if (w == 0)
                    continue;

                any = true;
                if (p < 0)
                    _tp += w;
                else
                    _fp += w;
            }

            if (any)
            {
                Tp = weighted ? _tp : _tpCount;
                Fp = weighted ? _fp : _kept - _tpCount;
                Threshold = ScoreOrder.ValueOf(key);
                return true;
            }
        }

        return false;
    }
}
