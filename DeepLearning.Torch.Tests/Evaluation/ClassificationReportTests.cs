using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class ClassificationReportTests
{
    public static IEnumerable<object[]> Classification => EvaluationFixtures.Cases("classification");

    [Theory]
    [MemberData(nameof(Classification))]
    public void ConfusionMatrix_MatchesSklearn_ForEveryNormalization(int i)
    {
        var c = EvaluationFixtures.Case("classification", i);
        var cm = ConfusionMatrix.Compute(c.GetProperty("labels").Ints(), c.GetProperty("predictions").Ints(),
            c.GetProperty("num_classes").GetInt32(), c.OptionalDoubles("weights"));
        foreach (var (key, norm) in new[] { ("none", ConfusionNormalization.None), ("true", ConfusionNormalization.True),
                     ("pred", ConfusionNormalization.Pred), ("all", ConfusionNormalization.All) })
        {
            var expected = c.GetProperty("confusion_" + key).Matrix();
            var actual = cm.ToArray(norm);
            EvaluationFixtures.AllClose(expected.Cast<double>().ToArray(), actual.Cast<double>().ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Classification))]
    public void Compute_MatchesSklearnPrecisionRecallFscoreSupport(int i)
    {
        var c = EvaluationFixtures.Case("classification", i);
        var report = Build(c);
        var none = c.GetProperty("prfs_none");
        EvaluationFixtures.AllClose(none.GetProperty("precision").Doubles(), report.Classes.Select(m => m.Precision).ToArray());
        EvaluationFixtures.AllClose(none.GetProperty("recall").Doubles(), report.Classes.Select(m => m.Recall).ToArray());
        EvaluationFixtures.AllClose(none.GetProperty("f1").Doubles(), report.Classes.Select(m => m.F1).ToArray());
        EvaluationFixtures.AllClose(none.GetProperty("support").Doubles(), report.Classes.Select(m => m.Support).ToArray());
        foreach (var (key, avg) in new[] { ("macro", report.Macro), ("weighted", report.Weighted), ("micro", report.Micro) })
        {
            var e = c.GetProperty("prfs_" + key);
            EvaluationFixtures.AllClose(
                [e.GetProperty("precision").Doubles()[0], e.GetProperty("recall").Doubles()[0], e.GetProperty("f1").Doubles()[0]],
                [avg.Precision, avg.Recall, avg.F1]);
        }

        Assert.InRange(report.Accuracy - c.GetProperty("accuracy").GetDouble(), -1e-12, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Classification))]
    public void ToText_EqualsSklearnClassificationReportCharForChar(int i)
    {
        var c = EvaluationFixtures.Case("classification", i);
        Assert.Equal(c.GetProperty("report").GetString(), Build(c).ToText(c.GetProperty("digits").GetInt32()));
    }

    [Fact]
    public void Compute_Specificity_IsTrueNegativeRate()
    {
        // Class 0: tp=1, fn=1, fp=1, tn=2 -> specificity 2/3.
        var report = ClassificationReport.Compute([0, 0, 1, 1, 2], [0, 1, 0, 1, 2], 3);
        Assert.Equal(2 / 3.0, report.Classes[0].Specificity, 15);
        Assert.Equal(0.6, report.Accuracy, 15);
    }

    [Fact]
    public void ConfusionMatrix_FromProbabilities_UsesArgmaxAndRowsAreTrueClasses()
    {
        var cm = ConfusionMatrix.FromProbabilities([0, 1, 2, 2], new double[,] { { 0.7, 0.2, 0.1 }, { 0.1, 0.8, 0.1 }, { 0.5, 0.2, 0.3 }, { 0.1, 0.1, 0.8 } },
            classNames: ["a", "b", "c"]);
        Assert.Equal(1.0, cm[2, 0]);
        Assert.Equal(0.0, cm[0, 2]);
        Assert.Equal(["a", "b", "c"], cm.ClassNames);
    }

    [Fact]
    public void ConfusionMatrix_PredictionOutsideClasses_ThrowsNamingArgument()
    {
        var ex = Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute([0, 1], [0, 2], 2));
        Assert.Equal("predictedLabels", ex.ParamName);
        Assert.Contains("Expected class labels in [0, 2) (integer, bool or whole-number float values [N] or [N, 1], or one-hot rows); got 2 at index 1 (1 of 2 labels invalid, int array of length 2).", ex.Message);
    }

    [Fact]
    public void ConfusionMatrix_WrongNumberOfNames_ThrowsNamingClassNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute([0, 1], [0, 1], 2, classNames: ["a"]));
        Assert.Equal("classNames", ex.ParamName);
    }

    private static ClassificationReport Build(System.Text.Json.JsonElement c) => ClassificationReport.Compute(
        c.GetProperty("labels").Ints(), c.GetProperty("predictions").Ints(), c.GetProperty("num_classes").GetInt32(),
        c.OptionalDoubles("weights"), c.GetProperty("class_names").EnumerateArray().Select(x => x.GetString()!).ToArray());
}
