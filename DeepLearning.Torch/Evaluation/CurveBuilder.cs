namespace DeepLearning.Torch.Evaluation;

/// <summary>Builds ROC arrays from a <see cref="SortedScores"/> in one streaming pass (no intermediate arrays).</summary>
internal static class CurveBuilder
{
    /// <summary>
    /// The ROC curve with the (0, 0) point (threshold max + 1) first; with <paramref name="drop"/> the points
    /// scikit-learn drops (both second differences of the counts exactly zero) are left out.
    /// </summary>
    public static (double[] Fpr, double[] Tpr, double[] Thresholds, bool Dropped) Roc(SortedScores s, bool drop)
    {
        if (!drop)
        {
            int count = s.PointCount + 1;
            var f = GC.AllocateUninitializedArray<double>(count);
            var t = GC.AllocateUninitializedArray<double>(count);
            var th = GC.AllocateUninitializedArray<double>(count);
            Walk(s, false, f, t, th);
            return (f, t, th, false);
        }

        // Count, then write: a second pass, but the arrays are allocated at their final size. Arrays sized for every
        // sample (24 bytes each) would have to be copied down afterwards, and with weights almost no point is dropped.
        var (kept, points) = Walk(s, true, null, null, null);
        if (points <= 2)
        {
            return Roc(s, drop: false); // too few points to drop any (scikit-learn keeps them all)
        }

        var fpr = GC.AllocateUninitializedArray<double>(kept);
        var tpr = GC.AllocateUninitializedArray<double>(kept);
        var thr = GC.AllocateUninitializedArray<double>(kept);
        Walk(s, true, fpr, tpr, thr);
        return (fpr, tpr, thr, kept != points + 1);
    }

    /// <summary>Counts (arrays null) or writes the kept points; returns their number including the (0, 0) point, and the number of distinct scores.</summary>
    private static (int Written, int Points) Walk(SortedScores s, bool drop, double[]? fpr, double[]? tpr, double[]? thr)
    {
        double fpTotal = s.NegativeTotal, tpTotal = s.PositiveTotal;
        int n = 1;
        if (fpr is not null)
            fpr[0] = tpr![0] = 0;

        var c = s.Points();
        double f2 = 0, t2 = 0, f1 = 0, t1 = 0, th1 = 0;
        int seen = 0;
        while (c.MoveNext())
        {
            double f = c.Fp, t = c.Tp, th = c.Threshold;
            if (seen == 0)
            {
                if (thr is not null)
                    thr[0] = th + 1;

                Write(ref n, f, t, th);
            }
            else if (!drop)
                Write(ref n, f, t, th);
            else if (seen >= 2 && (((f - f1) - (f1 - f2)) != 0 || ((t - t1) - (t1 - t2)) != 0))
            {
                Write(ref n, f1, t1, th1); // the previous point is not collinear with its neighbours
            }

            f2 = f1;
            t2 = t1;
            f1 = f;
            t1 = t;
            th1 = th;
            seen++;
        }

        if (drop && seen >= 2)
        {
            Write(ref n, f1, t1, th1); // the last point is always kept
        }

        return (n, seen);

        void Write(ref int i, double f, double t, double th)
        {
            if (fpr is not null)
            {
                fpr[i] = f / fpTotal;
                tpr![i] = t / tpTotal;
                thr![i] = th;
            }

            i++;
        }
    }

    /// <summary>AUC and the background efficiency at each signal efficiency (ascending), without building arrays.</summary>
    public static (double Auc, double[] BackgroundEfficiency) Summary(SortedScores s, IReadOnlyList<double> signalEfficiencies)
    {
        double fpTotal = s.NegativeTotal, tpTotal = s.PositiveTotal;
        var eb = new double[signalEfficiencies.Count];
        var found = new bool[eb.Length];
        double area = 0, x0 = 0, y0 = 0;
        var c = s.Points();
        while (c.MoveNext())
        {
            double x = c.Fp / fpTotal, y = c.Tp / tpTotal;
            area += (x - x0) * (y + y0) / 2.0;
            for (int k = 0; k < eb.Length; k++)
            {
                double e = signalEfficiencies[k];
                if (!found[k] && y >= e)
                {
                    found[k] = true;
                    eb[k] = y == e ? x : x0 + ((e - y0) / (y - y0) * (x - x0));
                }
            }

            x0 = x;
            y0 = y;
        }

        for (int k = 0; k < eb.Length; k++)
            eb[k] = found[k] ? eb[k] : x0;

        return (area, eb);
    }
}
