using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class RocComparisonTests
{
    private static (int[] Labels, double[] A, double[] B) Correlated(int n, int seed)
    {
        // B sees what A sees (a shared per-sample difficulty) plus a little more signal: the models' errors are correlated.
        var rng = new Random(seed);
        var labels = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 1 : 0).ToArray();
        var shared = labels.Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var a = labels.Select((l, i) => 0.4 * l + shared[i] + 0.2 * rng.NextDouble()).ToArray();
        var b = labels.Select((l, i) => 0.5 * l + shared[i] + 0.2 * rng.NextDouble()).ToArray();
        return (labels, a, b);
    }

    /// <summary>
    /// The reference: every replica draws n indices from <c>new Random(seed)</c> (the resampling the bootstrap documents as
    /// multinomial multiplicities), both models' ROC curves are computed with the multiplicities as weights, and the
    /// percentiles follow numpy's linear interpolation.
    /// </summary>
    [Fact]
    public void Compare_CorrelatedModels_EqualsHandResampledReference()
    {
        var (labels, a, b) = Correlated(500, 3);
        var options = new RocBootstrapOptions { Replicates = 40, Seed = 11, SignalEfficiencies = [0.3, 0.5] };
        var result = RocBootstrap.Compare(labels, a, b, null, options);

        var rng = new Random(11);
        var differences = new List<double>();
        var ratios = new List<double>[] { [], [] };
        for (int r = 0; r < 40; r++)
        {
            var m = new double[labels.Length];
            for (int i = 0; i < labels.Length; i++) m[rng.Next(labels.Length)]++;
            RocCurve ra = RocCurve.Compute(labels, a, m), rb = RocCurve.Compute(labels, b, m);
            differences.Add(rb.Auc() - ra.Auc());
            ratios[0].Add(rb.BackgroundRejectionAt(0.3) / ra.BackgroundRejectionAt(0.3));
            ratios[1].Add(rb.BackgroundRejectionAt(0.5) / ra.BackgroundRejectionAt(0.5));
        }
        Assert.Equal(40, result.Replicates);
        Assert.Equal(0, result.Skipped);
        Assert.Equal(RocCurve.Compute(labels, b).Auc() - RocCurve.Compute(labels, a).Auc(), result.AucDifference.Estimate, 12);
        Assert.Equal(Percentile(differences, 0.025), result.AucDifference.Lower, 12);
        Assert.Equal(Percentile(differences, 0.975), result.AucDifference.Upper, 12);
        Assert.Equal(differences.Count(d => d <= 0) / 40.0, result.FractionAucNotHigher, 12);
        // Replicas where neither model lets a background through have no ratio, and are left out.
        ratios = ratios.Select(list => list.Where(v => !double.IsNaN(v)).ToList()).ToArray();
        Assert.Equal(Percentile(ratios[0], 0.025), result.RejectionRatios[0.3].Lower, 9);
        Assert.Equal(Percentile(ratios[1], 0.975), result.RejectionRatios[0.5].Upper, 9);
        Assert.Equal(RocCurve.Compute(labels, b).BackgroundRejectionAt(0.5) / RocCurve.Compute(labels, a).BackgroundRejectionAt(0.5),
            result.RejectionRatios[0.5].Estimate, 12);
    }

    [Fact]
    public void Compare_CorrelatedModels_PairedIntervalNarrowerThanTheSeparateIntervals()
    {
        var (labels, a, b) = Correlated(3000, 5);
        var options = new RocBootstrapOptions { Replicates = 100, Seed = 2 };
        var paired = RocBootstrap.Compare(labels, a, b, null, options);
        var alone = RocBootstrap.Compute(labels, a, null, options);
        double pairedWidth = paired.AucDifference.Upper - paired.AucDifference.Lower, aloneWidth = alone.Auc.Upper - alone.Auc.Lower;
        Assert.True(pairedWidth < aloneWidth / 2, $"paired width {pairedWidth:F4}, one model's {aloneWidth:F4}");
        Assert.True(paired.AucDifference.Lower > 0, $"B is built better: {paired.AucDifference}");
        Assert.Equal(0, paired.FractionAucNotHigher);
    }

    [Fact]
    public void Compare_ReversedScores_DifferenceMirrorsTheSingleModelInterval()
    {
        // Reversing the scores turns each replica's AUC into 1 − AUC, so the difference is 1 − 2 AUC(A) replica by replica.
        var (labels, a, _) = Correlated(400, 7);
        var options = new RocBootstrapOptions { Replicates = 30, Seed = 4 };
        var single = RocBootstrap.Compute(labels, a, null, options);
        var result = RocBootstrap.Compare(labels, a, a.Select(s => -s).ToArray(), null, options);
        Assert.Equal(1 - 2 * single.Auc.Upper, result.AucDifference.Lower, 12);
        Assert.Equal(1 - 2 * single.Auc.Lower, result.AucDifference.Upper, 12);
        Assert.Equal(1, result.FractionAucNotHigher);
    }

    [Fact]
    public void Compare_SameScores_NoDifference()
    {
        var (labels, a, _) = Correlated(300, 9);
        var result = RocBootstrap.Compare(labels, a, a, null, new RocBootstrapOptions { Replicates = 20 });
        Assert.Equal((0.0, 0.0, 0.0), (result.AucDifference.Estimate, result.AucDifference.Lower, result.AucDifference.Upper));
        Assert.Equal((1.0, 1.0), (result.RejectionRatios[0.3].Lower, result.RejectionRatios[0.3].Upper));
        Assert.Equal(1, result.FractionAucNotHigher);
    }

    [Fact]
    public void Compare_ScoresOfOtherLength_ThrowsNamingTheModel()
    {
        var (labels, a, b) = Correlated(100, 1);
        var e = Assert.Throws<ArgumentException>(() => RocBootstrap.Compare(labels, a, b[..99]));
        Assert.Equal("scoresB", e.ParamName);
        var nan = (double[])a.Clone();
        nan[5] = double.NaN;
        Assert.Equal("scoresA", Assert.Throws<ArgumentException>(() => RocBootstrap.Compare(labels, nan, b)).ParamName);
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }
}
