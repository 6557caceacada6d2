using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

/// <summary>Where no background passes, the rejection is quoted as a one-sided Clopper-Pearson lower limit.</summary>
public class RejectionLimitTests
{
    /// <summary>1 / u with u = 1 - alpha^(1/n): the one-sided Clopper-Pearson upper limit on eps_B for 0 passing of n.</summary>
    private static double Limit(double n, double cl) => 1 / (1 - Math.Pow(1 - cl, 1 / n));

    [Fact]
    public void ZeroPassUpperLimit_EqualsOneSidedClopperPearson()
    {
        // 1 - 0.05^(1/1000) computed with Python's float arithmetic: 0.0029912495450953314.
        Assert.Equal(0.0029912495450953314, BinomialInterval.ZeroPassUpperLimit(1000), 15);
        Assert.Equal(1 - Math.Pow(0.32, 1 / 7.5), BinomialInterval.ZeroPassUpperLimit(7.5, 0.68), 14);
        // The two-sided interval's upper end is 1 - (alpha/2)^(1/n): larger than the one-sided limit.
        Assert.Equal(1 - Math.Pow(0.025, 1 / 10.0), BinomialInterval.Compute(0, 10, confidenceLevel: 0.95).Upper, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialInterval.ZeroPassUpperLimit(0));
    }

    [Fact]
    public void RejectionAt_NoBackgroundPasses_LowerLimitFromBackgroundCount()
    {
        var labels = Enumerable.Repeat(0, 1000).Concat(Enumerable.Repeat(1, 10)).ToArray();
        var scores = labels.Select((l, i) => l == 1 ? 0.9 + (i % 10 * 0.001) : 0.1 + (i % 100 * 0.001)).ToArray();
        var point = RocCurve.Compute(labels, scores).RejectionAt(0.5);
        Assert.True(point.IsLowerLimit);
        Assert.Equal(0, point.BackgroundEfficiency);
        Assert.Equal(double.PositiveInfinity, point.Rejection);
        Assert.Equal(334.3084503396489, point.RejectionLowerLimit!.Value, 9);
        Assert.Equal(0.95, point.ConfidenceLevel);
        Assert.Equal("1/eps_B > 334.3 at 95% CL at eps_S = 0.5 (no background passes)", point.ToString());
        Assert.Equal("> 334.3", point.RejectionText());
        var at90 = RocCurve.Compute(labels, scores).RejectionAt(0.5, confidenceLevel: 0.9);
        Assert.Equal(Limit(1000, 0.9), at90.RejectionLowerLimit!.Value, 9);
    }

    [Fact]
    public void RejectionAt_WeightedBackground_UsesEffectiveCount()
    {
        // 25 background events of weight 1 and 25 of weight 2: N_eff = 75^2 / 125 = 45.
        var labels = Enumerable.Repeat(0, 50).Concat(Enumerable.Repeat(1, 4)).ToArray();
        var scores = labels.Select((l, i) => l == 1 ? 0.8 + (i * 0.001) : i * 0.01).ToArray();
        var weights = labels.Select((l, i) => l == 1 ? 1.0 : i < 25 ? 1.0 : 2.0).ToArray();
        var roc = RocCurve.Compute(labels, scores, weights);
        Assert.Equal(45, roc.BackgroundEffectiveCount, 12);
        var point = roc.RejectionAt(0.3);
        Assert.Equal(Limit(45, 0.95), point.RejectionLowerLimit!.Value, 9);
    }

    [Fact]
    public void RejectionAt_BackgroundPasses_NoLimitAndFiniteText()
    {
        var roc = RocCurve.Compute([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.9, 0.4]);
        var point = roc.RejectionAt(0.5);
        Assert.False(point.IsLowerLimit);
        Assert.Null(point.RejectionLowerLimit);
        Assert.True(double.IsFinite(point.Rejection));
        Assert.StartsWith("1/eps_B = ", point.ToString(), StringComparison.Ordinal);
    }
}
