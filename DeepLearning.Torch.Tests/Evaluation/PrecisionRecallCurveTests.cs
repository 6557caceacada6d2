using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class PrecisionRecallCurveTests
{
    public static IEnumerable<object[]> Binary => EvaluationFixtures.Cases("binary")
        .Where(o => EvaluationFixtures.Case("binary", (int)o[0]).TryGetProperty("pr", out _));

    [Theory]
    [MemberData(nameof(Binary))]
    public void Compute_MatchesSklearnPrecisionRecallCurveAndAveragePrecision(int i)
    {
        var c = EvaluationFixtures.Case("binary", i);
        var pr = PrecisionRecallCurve.Compute(c.GetProperty("labels").Ints(), c.GetProperty("scores").Doubles(), c.OptionalDoubles("weights"));
        var expected = c.GetProperty("pr");
        EvaluationFixtures.AllClose(expected.GetProperty("precision").Doubles(), pr.Precision);
        EvaluationFixtures.AllClose(expected.GetProperty("recall").Doubles(), pr.Recall);
        Assert.Equal(expected.GetProperty("thresholds").Doubles(), pr.Thresholds);
        Assert.InRange(pr.AveragePrecision() - c.GetProperty("average_precision").GetDouble(), -1e-9, 1e-9);
    }

    [Fact]
    public void Compute_NoPositives_ThrowsNamingLabels()
    {
        var ex = Assert.Throws<ArgumentException>(() => PrecisionRecallCurve.Compute([0, 0], [0.1, 0.2]));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("No signal", ex.Message);
    }
}
