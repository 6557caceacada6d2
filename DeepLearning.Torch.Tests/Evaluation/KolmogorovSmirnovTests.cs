using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class KolmogorovSmirnovTests
{
    [Fact]
    public void TwoSample_MatchesScipyKs2sampExact()
    {
        foreach (var c in EvaluationFixtures.Root.GetProperty("ks").EnumerateArray())
        {
            var r = KolmogorovSmirnov.TwoSample(c.GetProperty("a").Doubles(), c.GetProperty("b").Doubles());
            Assert.True(r.Exact);
            Assert.InRange(r.Statistic - c.GetProperty("statistic").GetDouble(), -1e-12, 1e-12);
            Assert.InRange(r.PValue - c.GetProperty("pvalue").GetDouble(), -1e-9, 1e-9);
        }
    }

    [Fact]
    public void TwoSample_LargeIdenticalDistributions_AsymptoticPValueNotSmall()
    {
        var rng = new Random(3);
        var a = Enumerable.Range(0, 20_000).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 15_000).Select(_ => rng.NextDouble()).ToArray();
        var r = KolmogorovSmirnov.TwoSample(a, b);
        Assert.False(r.Exact);
        Assert.InRange(r.PValue, 0.001, 1);
        var shifted = KolmogorovSmirnov.TwoSample(a, b.Select(x => x + 0.05).ToArray());
        Assert.True(shifted.PValue < 1e-10, $"p = {shifted.PValue}");
    }

    [Fact]
    public void TwoSample_EmptySample_ThrowsNamingSample()
    {
        var ex = Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([1.0], []));
        Assert.Equal("sample2", ex.ParamName);
    }
}
