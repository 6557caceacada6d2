namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Two-sample Kolmogorov-Smirnov test (the overtraining check of training against test scores), two-sided.
/// For samples of at most <see cref="MaxExactSize"/> values each, the p-value is exact: the probability that a
/// uniformly random lattice path from (0, 0) to (n1, n2) leaves the band |i/n1 - j/n2| &lt; D, computed
/// without overflow as path probabilities (scipy.stats.ks_2samp with method "exact", which scipy's "auto"
/// also picks for these sizes). Larger samples use the asymptotic Kolmogorov distribution
/// Q(sqrt(n1 n2 / (n1 + n2)) D); scipy's "asymp" method uses the finite-n Kolmogorov distribution instead,
/// so the two differ there by O(1/sqrt(n)).
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>Largest sample size for which the exact p-value is computed: 10000, as scipy.</summary>
    public const int MaxExactSize = 10_000;

    /// <summary>Runs the test.</summary>
    /// <param name="sample1">First sample; finite, non-empty.</param>
    /// <param name="sample2">Second sample; finite, non-empty.</param>
    /// <exception cref="ArgumentException">A sample is empty or has a value that is not finite.</exception>
    public static KsTestResult TwoSample(double[] sample1, double[] sample2)
    {
        ArgumentNullException.ThrowIfNull(sample1);
        ArgumentNullException.ThrowIfNull(sample2);
        InputChecks.NotEmpty<double>(sample1, nameof(sample1));
        InputChecks.NotEmpty<double>(sample2, nameof(sample2));
        InputChecks.Finite(sample1, nameof(sample1));
        InputChecks.Finite(sample2, nameof(sample2));
        var a = (double[])sample1.Clone();
        var b = (double[])sample2.Clone();
        Array.Sort(a);
        Array.Sort(b);
        int n1 = a.Length, n2 = b.Length;
        long best = 0; // max |i n2 - j n1| over the merged ECDF steps
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            double x = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] == x)
                i++;

            while (j < n2 && b[j] == x)
                j++;

            best = Math.Max(best, Math.Abs(((long)i * n2) - ((long)j * n1)));
        }

        double d = (double)best / ((double)n1 * n2);
        if (Math.Max(n1, n2) <= MaxExactSize)
            return new KsTestResult(d, ExactPValue(n1, n2, best), true);

        double en = (double)n1 * n2 / (n1 + n2);
        return new KsTestResult(d, KolmogorovSurvival(Math.Sqrt(en) * d), false);
    }

    /// <summary>Runs the test on two tensors of scores (any device and real dtype; copied to the CPU and left untouched).
    /// The statistic does not change under a monotone transform of both samples, so logits and probabilities give the same result.</summary>
    /// <param name="sample1">First sample, [N] or [N, 1].</param>
    /// <param name="sample2">Second sample, [M] or [M, 1].</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, or as the array overload.</exception>
    public static KsTestResult TwoSample(TorchSharp.torch.Tensor sample1, TorchSharp.torch.Tensor sample2)
        => TwoSample(TensorInput.Values(sample1, nameof(sample1)), TensorInput.Values(sample2, nameof(sample2)));

    /// <summary>P(D &gt;= observed) where the observed statistic is <paramref name="h"/> / (n1 n2).</summary>
    internal static double ExactPValue(int n1, int n2, long h)
    {
        if (h == 0)
            return 1;

        // u[j] = probability that a random path to (i, j) stayed strictly inside |i n2 - j n1| < h.
        var u = new double[n2 + 1];
        for (int i = 0; i <= n1; i++)
        {
            for (int j = 0; j <= n2; j++)
            {
                if (Math.Abs(((long)i * n2) - ((long)j * n1)) >= h)
                    u[j] = 0;
                else if (i == 0 && j == 0)
                    u[j] = 1;
                else
                {
                    double fromLeft = i > 0 ? u[j] * i : 0;
                    double fromBelow = j > 0 ? u[j - 1] * j : 0;
                    u[j] = (fromLeft + fromBelow) / (i + j);
                }
            }
        }

        return Math.Clamp(1 - u[n2], 0, 1);
    }

    /// <summary>Survival function of the Kolmogorov distribution, Q(lambda) = P(K &gt; lambda).</summary>
    internal static double KolmogorovSurvival(double lambda)
    {
        if (lambda <= 0)
            return 1;

        if (lambda < 1.18)
        {
            double s = 0, f = Math.PI * Math.PI / (8 * lambda * lambda);
            for (int k = 1; k < 100; k += 2)
                s += Math.Exp(-k * k * f);

            return Math.Clamp(1 - (Math.Sqrt(2 * Math.PI) / lambda * s), 0, 1);
        }

        double q = 0;
        for (int k = 1; k < 100; k++)
            q += (k % 2 == 1 ? 2 : -2) * Math.Exp(-2.0 * k * k * lambda * lambda);

        return Math.Clamp(q, 0, 1);
    }
}
