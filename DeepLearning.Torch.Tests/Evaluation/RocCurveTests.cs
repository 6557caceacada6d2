using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class RocCurveTests
{
    public static IEnumerable<object[]> Binary => EvaluationFixtures.Cases("binary");

    [Theory]
    [MemberData(nameof(Binary))]
    public void Compute_MatchesSklearnRocCurve_WithAndWithoutDropping(int i)
    {
        var c = EvaluationFixtures.Case("binary", i);
        var labels = c.GetProperty("labels").Ints();
        var scores = c.GetProperty("scores").Doubles();
        var weights = c.OptionalDoubles("weights");
        foreach (var (key, drop) in new[] { ("drop", true), ("full", false) })
        {
            var roc = RocCurve.Compute(labels, scores, weights, dropIntermediate: drop);
            var expected = c.GetProperty(key);
            EvaluationFixtures.AllClose(expected.GetProperty("fpr").Doubles(), roc.Fpr);
            EvaluationFixtures.AllClose(expected.GetProperty("tpr").Doubles(), roc.Tpr);
            Assert.Equal(expected.GetProperty("thresholds").Doubles(), roc.Thresholds);
        }
    }

    [Theory]
    [MemberData(nameof(Binary))]
    public void Auc_MatchesSklearnRocAucScore_IncludingPartialAuc(int i)
    {
        var c = EvaluationFixtures.Case("binary", i);
        var roc = RocCurve.Compute(c.GetProperty("labels").Ints(), c.GetProperty("scores").Doubles(), c.OptionalDoubles("weights"));
        Assert.InRange(roc.Auc() - c.GetProperty("auc").GetDouble(), -EvaluationFixtures.Tolerance, EvaluationFixtures.Tolerance);
        foreach (var p in c.GetProperty("partial_auc").EnumerateObject())
        {
            double maxFpr = double.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(roc.PartialAuc(maxFpr) - p.Value.GetDouble(), -EvaluationFixtures.Tolerance, EvaluationFixtures.Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Binary))]
    public void RejectionAt_MatchesInterpolatedFullCurve(int i)
    {
        var c = EvaluationFixtures.Case("binary", i);
        var roc = RocCurve.Compute(c.GetProperty("labels").Ints(), c.GetProperty("scores").Doubles(), c.OptionalDoubles("weights"));
        foreach (var p in c.GetProperty("background_efficiency").EnumerateObject())
        {
            double eff = double.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture);
            var point = roc.RejectionAt(eff);
            Assert.InRange(point.BackgroundEfficiency - p.Value.GetDouble(), -EvaluationFixtures.Tolerance, EvaluationFixtures.Tolerance);
            Assert.Equal(1 / p.Value.GetDouble(), point.Rejection, 9);
        }
    }

    [Fact]
    public void RejectionAt_UnitWeights_ErrorIsBinomialOnBackgroundEfficiency()
    {
        // 10 background at scores 0..0.9, 10 signal at 1..1.9 plus one background above: eps_B = 0.1 for all eps_S < 1.
        var scores = Enumerable.Range(0, 10).Select(k => k / 10.0).Concat(Enumerable.Range(0, 10).Select(k => 1 + (k / 10.0))).Append(5.0).ToArray();
        var labels = Enumerable.Repeat(0, 10).Concat(Enumerable.Repeat(1, 10)).Append(0).ToArray();
        var point = RocCurve.Compute(labels, scores).RejectionAt(0.5);
        Assert.Equal(1 / 11.0, point.BackgroundEfficiency, 15);
        Assert.Equal(11.0, point.Rejection, 12);
        double sigmaEps = Math.Sqrt(point.BackgroundEfficiency * (1 - point.BackgroundEfficiency) / 11);
        Assert.Equal(sigmaEps / (point.BackgroundEfficiency * point.BackgroundEfficiency), point.RejectionError, 12);
    }

    [Fact]
    public void AtThreshold_CountsScoresAtOrAboveCut()
    {
        var roc = RocCurve.Compute([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.9, 0.4]);
        var wp = roc.AtThreshold(0.4);
        Assert.Equal(2 / 3.0, wp.SignalEfficiency, 15);
        Assert.Equal(2 / 3.0, wp.BackgroundEfficiency, 15);
        Assert.Equal(0.0, roc.AtThreshold(10).SignalEfficiency);
        Assert.Equal(1.0, roc.AtThreshold(-10).BackgroundEfficiency);
    }

    [Fact]
    public void Compute_PerfectSeparation_AucOneAndInfiniteRejection()
    {
        var roc = RocCurve.Compute([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
        Assert.Equal(1.0, roc.Auc());
        Assert.Equal(double.PositiveInfinity, roc.BackgroundRejectionAt(0.5));
        Assert.Equal(0.9 + 1, roc.Thresholds[0]);
    }

    [Fact]
    public void Compute_FloatScores_SameCurveAsDoublePath()
    {
        // All-float scores take the 32-bit sort; one extra non-float score forces the 64-bit sort.
        var rng = new Random(5);
        var labels = Enumerable.Range(0, 5000).Select(_ => rng.Next(2)).Append(0).ToArray();
        var scores = labels.Select(l => (double)(float)Math.Round(rng.NextDouble() + (0.5 * l), 3)).ToArray();
        scores[^1] = -5;
        var f32 = RocCurve.Compute(labels, scores);
        scores[^1] = -5.1; // not a float
        var f64 = RocCurve.Compute(labels, scores);
        Assert.Equal(f32.Fpr, f64.Fpr);
        Assert.Equal(f32.Tpr, f64.Tpr);
        Assert.Equal(f32.Thresholds.Take(f32.Thresholds.Count - 1), f64.Thresholds.Take(f64.Thresholds.Count - 1));
        Assert.Equal(f32.BackgroundRejectionAt(0.4), f64.BackgroundRejectionAt(0.4));
    }
}
