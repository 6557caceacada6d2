using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class UncertaintyTests
{
    [Fact]
    public void RegularizedIncompleteBeta_MatchesScipyBetainc()
    {
        foreach (var row in EvaluationFixtures.Root.GetProperty("special").GetProperty("betainc").EnumerateArray())
        {
            var v = row.Doubles();
            Assert.InRange(SpecialFunctions.RegularizedIncompleteBeta(v[0], v[1], v[2]) - v[3], -1e-12, 1e-12);
        }
    }

    [Fact]
    public void InverseIncompleteBetaAndNormalQuantile_MatchScipyPpf()
    {
        foreach (var row in EvaluationFixtures.Root.GetProperty("special").GetProperty("beta_ppf").EnumerateArray())
        {
            var v = row.Doubles();
            Assert.InRange(SpecialFunctions.InverseRegularizedIncompleteBeta(v[0], v[1], v[2]) - v[3], -1e-12, 1e-12);
        }

        foreach (var row in EvaluationFixtures.Root.GetProperty("special").GetProperty("norm_ppf").EnumerateArray())
        {
            var v = row.Doubles();
            Assert.InRange(SpecialFunctions.NormalQuantile(v[0]) - v[1], -1e-10, 1e-10);
        }
    }

    [Fact]
    public void BinomialInterval_MatchesScipyClopperPearsonAndWilson()
    {
        foreach (var c in EvaluationFixtures.Root.GetProperty("intervals").EnumerateArray())
        {
            double k = c.GetProperty("passed").GetDouble(), n = c.GetProperty("total").GetDouble(), cl = c.GetProperty("cl").GetDouble();
            var cp = BinomialInterval.Compute(k, n, BinomialIntervalMethod.ClopperPearson, cl);
            var wilson = BinomialInterval.Compute(k, n, BinomialIntervalMethod.Wilson, cl);
            EvaluationFixtures.AllClose(c.GetProperty("cp").Doubles(), [cp.Lower, cp.Upper], 1e-12);
            EvaluationFixtures.AllClose(c.GetProperty("wilson").Doubles(), [wilson.Lower, wilson.Upper], 1e-10);
        }
    }

    [Fact]
    public void FromWeights_UnitWeights_EqualsCountsAndWeightedUsesEffectiveCounts()
    {
        var unit = BinomialInterval.FromWeights([1, 1, 1, 1], [true, false, false, true]);
        var counts = BinomialInterval.Compute(2, 4);
        Assert.Equal(counts, unit);
        var weighted = BinomialInterval.FromWeights([2, 2, 1, 1], [true, true, false, false]);
        Assert.Equal(36 / 10.0, weighted.EffectiveTotal, 12); // (6)^2 / 10
        Assert.Equal(4 / 6.0, weighted.Value, 15);
    }

    [Fact]
    public void Compute_PassedAboveTotal_ThrowsNamingPassed()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BinomialInterval.Compute(5, 4));
        Assert.Equal("passed", ex.ParamName);
    }

    [Fact]
    public void RocBootstrap_SameSeed_SameIntervalsAndCoversEstimate()
    {
        var c = EvaluationFixtures.Case("binary", 2);
        var labels = c.GetProperty("labels").Ints();
        var scores = c.GetProperty("scores").Doubles();
        var options = new RocBootstrapOptions { Replicates = 50, Seed = 7 };
        var a = RocBootstrap.Compute(labels, scores, null, options);
        var b = RocBootstrap.Compute(labels, scores, null, options);
        Assert.Equal(a.Auc, b.Auc);
        Assert.Equal(c.GetProperty("auc").GetDouble(), a.Auc.Estimate, 12);
        Assert.InRange(a.Auc.Estimate, a.Auc.Lower, a.Auc.Upper);
        Assert.True(a.Auc.Upper - a.Auc.Lower is > 0.005 and < 0.2, $"width {a.Auc.Upper - a.Auc.Lower}");
        Assert.Equal([0.3, 0.5], a.Rejections.Keys.Order());
        var other = RocBootstrap.Compute(labels, scores, null, new RocBootstrapOptions { Replicates = 50, Seed = 8 });
        Assert.NotEqual(a.Auc.Lower, other.Auc.Lower);
    }

    [Fact]
    public void RocBootstrapOptions_TooFewReplicates_ThrowsNamingReplicates()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RocBootstrapOptions { Replicates = 3 }.Validate());
        Assert.Equal("Replicates", ex.ParamName);
    }
}
