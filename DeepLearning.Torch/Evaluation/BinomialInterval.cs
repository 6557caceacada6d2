namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Binomial confidence intervals on efficiencies. Weighted samples use effective counts:
/// N_eff = (sum w)^2 / sum w^2 and k_eff = eps * N_eff with eps = (sum of passing w) / (sum w), so unit weights
/// give the ordinary counts; non-integer effective counts enter the beta quantiles (Clopper-Pearson) or the
/// Wilson formula directly.
/// </summary>
public static class BinomialInterval
{
    /// <summary>One standard deviation of a Gaussian, 0.6826894921370859: the default coverage.</summary>
    public const double OneSigma = 0.6826894921370859;

    /// <summary>Interval for <paramref name="passed"/> successes out of <paramref name="total"/> trials.</summary>
    /// <param name="passed">Number passing, 0 &lt;= passed &lt;= total (may be non-integer: effective counts).</param>
    /// <param name="total">Number of trials, &gt; 0.</param>
    /// <param name="method">Interval construction (default Clopper-Pearson).</param>
    /// <param name="confidenceLevel">Coverage in (0, 1) (default one sigma, 0.6827).</param>
    /// <exception cref="ArgumentOutOfRangeException">Counts or confidence level out of range.</exception>
    public static Efficiency Compute(double passed, double total,
        BinomialIntervalMethod method = BinomialIntervalMethod.ClopperPearson, double confidenceLevel = OneSigma)
    {
        if (!(total > 0) || !double.IsFinite(total))
            throw new ArgumentOutOfRangeException(nameof(total), total, "Expected a positive, finite number of trials.");

        if (!(passed >= 0 && passed <= total))
        {
            throw new ArgumentOutOfRangeException(nameof(passed), passed, $"Expected 0 <= passed <= total ({total}).");
        }

        InputChecks.Fraction(confidenceLevel, nameof(confidenceLevel), allowOne: false);
        double alpha = 1 - confidenceLevel;
        double eps = passed / total;
        double lower, upper;
        if (method == BinomialIntervalMethod.ClopperPearson)
        {
            lower = passed == 0 ? 0 : SpecialFunctions.InverseRegularizedIncompleteBeta(passed, total - passed + 1, alpha / 2);
            upper = passed == total ? 1 : SpecialFunctions.InverseRegularizedIncompleteBeta(passed + 1, total - passed, 1 - (alpha / 2));
        }
        else
        {
            double z = SpecialFunctions.NormalQuantile(1 - (alpha / 2));
            double z2n = z * z / total;
            double centre = (eps + (z2n / 2)) / (1 + z2n);
            double half = z / (1 + z2n) * Math.Sqrt((eps * (1 - eps) / total) + (z2n / (4 * total)));
            lower = Math.Max(0, centre - half);
            upper = Math.Min(1, centre + half);
        }

        return new Efficiency(eps, lower, upper, total, confidenceLevel);
    }

    /// <summary>
    /// One-sided Clopper-Pearson upper limit on an efficiency when none of <paramref name="total"/> trials passed:
    /// the u with (1 - u)^total = 1 - CL, i.e. u = 1 - (1 - CL)^(1/total) (about 3 / total at 95% CL). One-sided, as
    /// a limit is quoted; the two-sided interval's upper end, 1 - ((1 - CL)/2)^(1/total), is what <see cref="Compute"/>
    /// returns. <paramref name="total"/> may be an effective count (weighted samples).
    /// </summary>
    /// <param name="total">Number of trials (or effective number), &gt; 0.</param>
    /// <param name="confidenceLevel">Confidence level in (0, 1) (default 0.95).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static double ZeroPassUpperLimit(double total, double confidenceLevel = 0.95)
    {
        if (!(total > 0) || !double.IsFinite(total))
            throw new ArgumentOutOfRangeException(nameof(total), total, "Expected a positive, finite number of trials.");

        InputChecks.Fraction(confidenceLevel, nameof(confidenceLevel), allowOne: false);
        return -double.ExpM1(Math.Log(1 - confidenceLevel) / total); // 1 - alpha^(1/n) without cancellation
    }

    /// <summary>Interval on a weighted efficiency from the weights of all samples and a pass mask.</summary>
    /// <param name="weights">Sample weights (null for unit weights is not accepted here; pass ones).</param>
    /// <param name="passed">Whether each sample passes the selection.</param>
    /// <param name="method">Interval construction (default Clopper-Pearson).</param>
    /// <param name="confidenceLevel">Coverage in (0, 1) (default one sigma).</param>
    /// <exception cref="ArgumentException">Lengths differ, input is empty, or the total weight is not positive.</exception>
    public static Efficiency FromWeights(double[] weights, bool[] passed,
        BinomialIntervalMethod method = BinomialIntervalMethod.ClopperPearson, double confidenceLevel = OneSigma)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(passed);
        InputChecks.NotEmpty<double>(weights, nameof(weights));
        InputChecks.SameLength(weights.Length, passed.Length, nameof(weights), nameof(passed));
        InputChecks.Finite(weights, nameof(weights));
        double sum = 0, sumSq = 0, pass = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            sumSq += weights[i] * weights[i];
            pass += passed[i] ? weights[i] : 0;
        }

        if (!(sum > 0))
        {
            throw new ArgumentException($"Expected a positive total weight, got {sum}.", nameof(weights));
        }

        double eps = Math.Clamp(pass / sum, 0, 1);
        double neff = sum * sum / sumSq;
        var result = Compute(eps * neff, neff, method, confidenceLevel);
        return result with { Value = pass / sum };
    }
}
