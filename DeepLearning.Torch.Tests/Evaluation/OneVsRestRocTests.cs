using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class OneVsRestRocTests
{
    public static IEnumerable<object[]> Multiclass => EvaluationFixtures.Cases("multiclass");

    [Theory]
    [MemberData(nameof(Multiclass))]
    public void Compute_MatchesSklearnRocAucScoreOvr(int i)
    {
        var c = EvaluationFixtures.Case("multiclass", i);
        var probabilities = c.GetProperty("probabilities").Matrix();
        var ovr = OneVsRestRoc.Compute(c.GetProperty("labels").Ints(), probabilities, c.OptionalDoubles("weights"));
        EvaluationFixtures.AllClose(c.GetProperty("auc_per_class").Doubles(), ovr.PerClassAuc);
        Assert.InRange(ovr.MacroAuc - c.GetProperty("auc_macro").GetDouble(), -1e-9, 1e-9);
        Assert.InRange(ovr.WeightedAuc - c.GetProperty("auc_weighted").GetDouble(), -1e-9, 1e-9);
        Assert.Equal(c.GetProperty("argmax").Ints(), Predictions.ArgMax(probabilities));
    }

    [Fact]
    public void Compute_RowsNotSummingToOne_ThrowsNamingProbabilities()
    {
        var p = new double[,] { { 0.2, 0.3, 0.5 }, { 0.5, 0.5, 0.5 }, { 0.1, 0.1, 0.8 } };
        var ex = Assert.Throws<ArgumentException>(() => OneVsRestRoc.Compute([0, 1, 2], p));
        Assert.Equal("probabilities", ex.ParamName);
        Assert.Contains("row 1 sums to 1.5", ex.Message);
    }

    [Fact]
    public void Compute_AbsentClass_ThrowsNamingLabels()
    {
        var p = new double[,] { { 0.2, 0.3, 0.5 }, { 0.5, 0.25, 0.25 }, { 0.1, 0.1, 0.8 } };
        var ex = Assert.Throws<ArgumentException>(() => OneVsRestRoc.Compute([0, 1, 1], p));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("Class 2 (2) does not occur", ex.Message);
    }

    [Fact]
    public void Compute_LabelOutsideClasses_ThrowsNamingLabels()
    {
        var p = new double[,] { { 0.2, 0.3, 0.5 }, { 0.5, 0.25, 0.25 }, { 0.1, 0.1, 0.8 } };
        var ex = Assert.Throws<ArgumentException>(() => OneVsRestRoc.Compute([0, 1, 3], p));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("got 3 at index 2", ex.Message);
    }
}
