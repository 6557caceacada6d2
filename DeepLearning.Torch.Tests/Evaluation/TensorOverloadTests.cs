using DeepLearning.Torch.Evaluation;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Evaluation;

/// <summary>Model outputs as tensors give what the array path and the scikit-learn fixtures give.</summary>
public class TensorOverloadTests
{
    public static TheoryData<string> LabelKinds => ["int64", "int32", "bool", "float32", "float64", "column", "onehot"];

    /// <summary>0/1 labels as a model pipeline holds them.</summary>
    private static Tensor BinaryLabels(int[] labels, string kind) => kind switch
    {
        "int64" => tensor(labels.Select(l => (long)l).ToArray()),
        "int32" => tensor(labels),
        "bool" => tensor(labels.Select(l => l == 1).ToArray()),
        "float32" => tensor(labels.Select(l => (float)l).ToArray()),
        "float64" => tensor(labels.Select(l => (double)l).ToArray()),
        "column" => tensor(labels.Select(l => (float)l).ToArray()).reshape(-1, 1),
        "onehot" => nn.functional.one_hot(tensor(labels.Select(l => (long)l).ToArray()), 2).to_type(ScalarType.Float32),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Tensor Matrix(double[,] m) => tensor(m.Cast<double>().ToArray()).reshape(m.GetLength(0), m.GetLength(1));

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public void RocCurve_LabelTensorOfEachKind_EqualsArrayPathAndScikitLearn(string kind)
    {
        var c = EvaluationFixtures.Case("binary", 3);
        var labels = c.GetProperty("labels").Ints();
        var scores = c.GetProperty("scores").Doubles();
        var weights = c.OptionalDoubles("weights")!;
        using var scope = NewDisposeScope();
        var roc = RocCurve.Compute(BinaryLabels(labels, kind), tensor(scores), tensor(weights).reshape(-1, 1));
        var array = RocCurve.Compute(labels, scores, weights);
        Assert.Equal(array.Fpr, roc.Fpr);
        Assert.Equal(array.Tpr, roc.Tpr);
        Assert.Equal(array.Thresholds, roc.Thresholds);
        Assert.Equal(c.GetProperty("auc").GetDouble(), roc.Auc(), 9);
        EvaluationFixtures.AllClose(c.GetProperty("drop").GetProperty("fpr").Doubles(), roc.Fpr);
    }

    [Fact]
    public void RocCurve_Float32ScoresColumnAndTwoClassOutputs_SameCurve()
    {
        var c = EvaluationFixtures.Case("binary", 0);
        var labels = c.GetProperty("labels").Ints();
        var scores = c.GetProperty("scores").Doubles();
        using var scope = NewDisposeScope();
        var expected = RocCurve.Compute(labels, scores.Select(s => (float)s).ToArray());
        var f32 = tensor(scores.Select(s => (float)s).ToArray());
        var column = RocCurve.Compute(tensor(labels), f32.reshape(-1, 1));
        Assert.Equal(expected.Fpr, column.Fpr);
        Assert.Equal(expected.Thresholds, column.Thresholds);
        var twoClass = stack([1 - tensor(scores), tensor(scores)], 1); // softmax-style [N, 2] probabilities
        var fromRows = RocCurve.Compute(tensor(labels), twoClass);
        Assert.Equal(c.GetProperty("auc").GetDouble(), fromRows.Auc(), 9);
    }

    [Fact]
    public void RocCurve_Logits_SameCurveAsProbabilities_ThresholdsAsProbabilitiesWithLogitsKind()
    {
        var c = EvaluationFixtures.Case("binary", 1);
        var labels = c.GetProperty("labels").Ints();
        var scores = c.GetProperty("scores").Doubles();
        using var scope = NewDisposeScope();
        var logits = log(tensor(scores) / (1 - tensor(scores)));
        var asScores = RocCurve.Compute(tensor(labels), logits);
        var asLogits = RocCurve.Compute(tensor(labels), logits, kind: ScoreKind.Logits);
        var expected = RocCurve.Compute(labels, scores);
        Assert.Equal(c.GetProperty("auc").GetDouble(), asScores.Auc(), 9);
        EvaluationFixtures.AllClose(expected.Fpr, asScores.Fpr, 0);
        EvaluationFixtures.AllClose(expected.Tpr, asLogits.Tpr, 0);
        EvaluationFixtures.AllClose(expected.Thresholds.Skip(1).ToArray(), asLogits.Thresholds.Skip(1).ToArray(), 1e-12);
    }

    [Fact]
    public void OneVsRestRoc_OneHotLabelsAndLogits_EqualScikitLearn()
    {
        var c = EvaluationFixtures.Case("multiclass", 1);
        var labels = c.GetProperty("labels").Ints();
        var p = c.GetProperty("probabilities").Matrix();
        var weights = c.OptionalDoubles("weights");
        using var scope = NewDisposeScope();
        var oneHot = nn.functional.one_hot(tensor(labels.Select(l => (long)l).ToArray()), p.GetLength(1));
        var w = weights is null ? null : tensor(weights);
        var fromProbabilities = OneVsRestRoc.Compute(oneHot, Matrix(p), w);
        Assert.Equal(c.GetProperty("auc_macro").GetDouble(), fromProbabilities.MacroAuc, 9);
        Assert.Equal(c.GetProperty("auc_weighted").GetDouble(), fromProbabilities.WeightedAuc, 9);
        var logits = log(Matrix(p).clamp_min(1e-300)) + 3.0; // softmax(log p + const) = p
        var fromLogits = OneVsRestRoc.Compute(tensor(labels), logits, w, kind: ScoreKind.Logits);
        Assert.Equal(c.GetProperty("auc_macro").GetDouble(), fromLogits.MacroAuc, 3); // the softmax may split ties by one ulp
        var refused = Assert.Throws<ArgumentException>(() => OneVsRestRoc.Compute(tensor(labels), logits, w));
        Assert.Equal("probabilities", refused.ParamName);
        Assert.Contains("pass ScoreKind.Logits", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int64")]
    [InlineData("int32")]
    [InlineData("float32")]
    [InlineData("column")]
    [InlineData("onehot")]
    public void ConfusionMatrix_TensorsOfEachKind_EqualScikitLearn(string kind)
    {
        var c = EvaluationFixtures.Case("classification", 1);
        var labels = c.GetProperty("labels").Ints();
        var predictions = c.GetProperty("predictions").Ints();
        int k = c.GetProperty("num_classes").GetInt32();
        var weights = c.OptionalDoubles("weights");
        using var scope = NewDisposeScope();
        Tensor AsKind(int[] v) => kind switch
        {
            "int64" => tensor(v.Select(l => (long)l).ToArray()),
            "int32" => tensor(v),
            "float32" => tensor(v.Select(l => (float)l).ToArray()),
            "column" => tensor(v.Select(l => (double)l).ToArray()).reshape(-1, 1),
            _ => nn.functional.one_hot(tensor(v.Select(l => (long)l).ToArray()), k).to_type(ScalarType.Float32),
        };
        var w = weights is null ? null : tensor(weights);
        var cm = ConfusionMatrix.Compute(AsKind(labels), AsKind(predictions), k, w);
        var expected = c.GetProperty("confusion_none").Matrix();
        Assert.Equal(expected, cm.ToArray());
        var report = ClassificationReport.Compute(AsKind(labels), AsKind(predictions), k, w, c.GetProperty("class_names").EnumerateArray().Select(n => n.GetString()!).ToArray());
        Assert.Equal(c.GetProperty("report").GetString(), report.ToText(c.GetProperty("digits").GetInt32()));
    }

    [Fact]
    public void ConfusionMatrix_FromScores_ProbabilitiesLogitsAndBoolLabels()
    {
        var c = EvaluationFixtures.Case("binary", 2);
        var labels = c.GetProperty("labels").Ints();
        var scores = c.GetProperty("scores").Doubles();
        var expected = ConfusionMatrix.FromScores(labels, scores, 0.5).ToArray();
        using var scope = NewDisposeScope();
        var bools = tensor(labels.Select(l => l == 1).ToArray());
        Assert.Equal(expected, ConfusionMatrix.FromScores(bools, tensor(scores).to_type(ScalarType.Float32)).ToArray());
        var logits = log(tensor(scores) / (1 - tensor(scores)));
        Assert.Equal(expected, ConfusionMatrix.FromScores(bools, logits, kind: ScoreKind.Logits).ToArray());
        var refused = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromScores(bools, logits));
        Assert.Equal("scores", refused.ParamName);
        Assert.Contains("Expected probabilities in [0, 1], got ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("pass ScoreKind.Logits for logits", refused.Message, StringComparison.Ordinal);
        var rows = stack([1 - tensor(scores), tensor(scores)], 1);
        Assert.Equal(expected, ConfusionMatrix.FromScores(bools, rows).ToArray());
        var report = ClassificationReport.FromScores(bools, logits, kind: ScoreKind.Logits);
        Assert.Equal(ClassificationReport.Compute(labels, Predictions.Threshold(scores, 0.5), 2).ToText(), report.ToText());
    }

    [Fact]
    public void ConfusionMatrix_FromProbabilitiesTensor_EqualsArgMaxFixture()
    {
        var c = EvaluationFixtures.Case("multiclass", 0);
        var labels = c.GetProperty("labels").Ints();
        var p = c.GetProperty("probabilities").Matrix();
        using var scope = NewDisposeScope();
        var cm = ConfusionMatrix.FromProbabilities(tensor(labels), Matrix(p).to_type(ScalarType.Float32), kind: ScoreKind.Scores);
        var expected = ConfusionMatrix.Compute(labels, c.GetProperty("argmax").Ints(), p.GetLength(1));
        Assert.Equal(expected.ToArray(), cm.ToArray());
    }

    [Fact]
    public void PrecisionRecallBootstrapAndKs_Tensors_EqualArrays()
    {
        var c = EvaluationFixtures.Case("binary", 1);
        var labels = c.GetProperty("labels").Ints();
        var scores = c.GetProperty("scores").Doubles();
        using var scope = NewDisposeScope();
        var pr = PrecisionRecallCurve.Compute(tensor(labels.Select(l => (float)l).ToArray()), tensor(scores));
        Assert.Equal(c.GetProperty("average_precision").GetDouble(), pr.AveragePrecision(), 9);
        var options = new RocBootstrapOptions { Replicates = 20, Seed = 3 };
        var boot = RocBootstrap.Compute(tensor(labels), tensor(scores), options: options);
        Assert.Equal(RocBootstrap.Compute(labels, scores, options: options).Auc, boot.Auc);
        var a = scores.Where((_, i) => labels[i] == 0).ToArray();
        var b = scores.Where((_, i) => labels[i] == 1).ToArray();
        Assert.Equal(KolmogorovSmirnov.TwoSample(a, b), KolmogorovSmirnov.TwoSample(tensor(a), tensor(b).reshape(-1, 1)));
    }

    [Theory]
    [InlineData(0.3f, "0.30000001192092896")]
    [InlineData(-1f, "-1")]
    [InlineData(float.NaN, "NaN")]
    [InlineData(2f, "2")]
    public void RocCurve_LabelsThatAreNotClasses_RefusedNamingLabels(float bad, string shown)
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new[] { 0f, 1f, bad, 1f });
        var ex = Assert.Throws<ArgumentException>(() => RocCurve.Compute(labels, tensor(new[] { 0.1, 0.2, 0.3, 0.4 })));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains($"Expected class labels in [0, 2) (integer, bool or whole-number float values [N] or [N, 1], or one-hot rows); got {shown} at index 2 (1 of 4 labels invalid, Float32 tensor of shape [4]).",
            ex.Message, StringComparison.Ordinal);
        var cm = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromScores(labels, tensor(new[] { 0.1, 0.2, 0.3, 0.4 })));
        Assert.Equal("trueLabels", cm.ParamName);
    }

    [Fact]
    public void RocCurve_WrongShapes_RefusedNamingArgument()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 0, 1 });
        var scores = Assert.Throws<ArgumentException>(() => RocCurve.Compute(labels, zeros(2, 3)));
        Assert.Equal("scores", scores.ParamName);
        Assert.Contains("Expected one score per sample, [N] or [N, 1], or two-class outputs [N, 2]; got a Float32 tensor of shape [2, 3].", scores.Message, StringComparison.Ordinal);
        var weights = Assert.Throws<ArgumentException>(() => RocCurve.Compute(labels, zeros(2), ones(2, 2)));
        Assert.Equal("weights", weights.ParamName);
    }

    [Fact]
    public void ScoreTable_FromTensors_BinaryAndMulticlass()
    {
        var c = EvaluationFixtures.Case("multiclass", 0);
        var labels = c.GetProperty("labels").Ints();
        var p = c.GetProperty("probabilities").Matrix();
        using var scope = NewDisposeScope();
        var multi = ScoreTable.FromTensors(tensor(labels), Matrix(p), classNames: ["a", "b", "c"]);
        Assert.False(multi.IsBinary);
        Assert.Equal(["a", "b", "c"], multi.ClassNames);
        Assert.Equal(p, multi.Probabilities);
        var logits = tensor(new[] { -2.0, 0.0, 3.0 });
        var binary = ScoreTable.FromTensors(tensor(new[] { false, true, true }), logits, isTrain: tensor(new[] { 1, 0, 0 }), kind: ScoreKind.Logits);
        Assert.True(binary.IsBinary);
        Assert.Equal([0, 1, 1], binary.Labels);
        Assert.Equal([true, false, false], binary.IsTrain!);
        Assert.Equal(0.5, binary.Probabilities[1, 0]);
        Assert.Equal(1 / (1 + Math.Exp(2)), binary.Probabilities[0, 0], 15);
    }
}
