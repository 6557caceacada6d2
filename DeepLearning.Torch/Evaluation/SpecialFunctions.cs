namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Log-gamma (Lanczos, g = 7), regularized incomplete beta and gamma functions (continued fractions,
/// modified Lentz) and their inverses by bisection; about 1e-14 absolute accuracy for moderate arguments.
/// </summary>
internal static class SpecialFunctions
{
    private const double Tiny = 1e-300;

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    public static double LogGamma(double x)
    {
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);

        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++)
            a += Lanczos[i] / (x + i);

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>I_x(a, b) for a, b &gt; 0 and x in [0, 1].</summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0)
            return 0;

        if (x >= 1)
            return 1;

        double logFront = (a * Math.Log(x)) + (b * Math.Log(1 - x)) - (LogGamma(a) + LogGamma(b) - LogGamma(a + b));
        if (x < (a + 1) / (a + b + 2))
            return Math.Exp(logFront) * BetaFraction(a, b, x) / a;

        return 1 - (Math.Exp(logFront) * BetaFraction(b, a, 1 - x) / b);
    }

    /// <summary>The x with I_x(a, b) = p.</summary>
    public static double InverseRegularizedIncompleteBeta(double a, double b, double p)
        => Bisect(x => RegularizedIncompleteBeta(a, b, x), p, 0, 1);

    /// <summary>Regularized lower incomplete gamma P(a, x).</summary>
    public static double RegularizedGammaP(double a, double x)
    {
        if (x <= 0)
            return 0;

        double logFront = (a * Math.Log(x)) - x - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (int n = 1; n < 1000 && Math.Abs(term) > Math.Abs(sum) * 1e-17; n++)
            {
                term *= x / (a + n);
                sum += term;
            }

            return sum * Math.Exp(logFront);
        }

        // Continued fraction for Q(a, x), modified Lentz.
        double bb = x + 1 - a, c = 1 / Tiny, d = 1 / bb, h = d;
        for (int i = 1; i < 1000; i++)
        {
            bb += 2;
            double delta = LentzStep(-i * (i - a), bb, ref c, ref d);
            h *= delta;
            if (Math.Abs(delta - 1) < 3e-16)
                break;
        }

        return 1 - (Math.Exp(logFront) * h);
    }

    /// <summary>Standard normal cumulative distribution.</summary>
    public static double NormalCdf(double z)
    {
        double half = 0.5 * RegularizedGammaP(0.5, 0.5 * z * z);
        return z >= 0 ? 0.5 + half : 0.5 - half;
    }

    /// <summary>Standard normal quantile.</summary>
    public static double NormalQuantile(double p) => Bisect(NormalCdf, p, -40, 40);

    private static double BetaFraction(double a, double b, double x)
    {
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 / NonZero(1 - (qab * x / qap));
        double h = d;
        for (int m = 1; m <= 10000; m++)
        {
            int m2 = 2 * m;
            h *= LentzStep(m * (b - m) * x / ((qam + m2) * (a + m2)), 1, ref c, ref d);
            double delta = LentzStep(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), 1, ref c, ref d);
            h *= delta;
            if (Math.Abs(delta - 1) < 3e-16)
                break;
        }

        return h;
    }

    /// <summary>
    /// One step of the modified Lentz algorithm for a continued fraction with partial numerator
    /// <paramref name="numerator"/> and denominator <paramref name="denominator"/>: updates the running C and D and
    /// returns the factor C·D that multiplies the approximation.
    /// </summary>
    private static double LentzStep(double numerator, double denominator, ref double c, ref double d)
    {
        d = 1 / NonZero(denominator + (numerator * d));
        c = NonZero(denominator + (numerator / c));
        return d * c;
    }

    private static double NonZero(double value) => Math.Abs(value) < Tiny ? Tiny : value;

    private static double Bisect(Func<double, double> increasing, double target, double lo, double hi)
    {
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi)
                break;

            if (increasing(mid) < target)
                lo = mid;
            else
                hi = mid;
        }

        return 0.5 * (lo + hi);
    }
}
