using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training.Metrics;

public class TopKAccuracyTests
{
    public static TheoryData<int> Ks() => [1, 2, 3, 5, 6];

    [Theory]
    [MemberData(nameof(Ks))]
    public void Update_IntegerTargetsWithTies_MatchesScikitLearn(int k)
    {
        var (scores, labels, weights, expected) = Load(k);
        using (scores) using (labels) using (weights)
        {
            var metric = new TopKAccuracy(k);
            MetricCases.Close(expected.Unweighted, MetricCases.Whole(metric, scores, labels, null));
            MetricCases.Close(expected.Weighted, MetricCases.Whole(metric, scores, labels, weights));
            MetricCases.Close(expected.Unweighted, MetricCases.Batched(metric, scores, labels, null));
            MetricCases.Close(expected.Weighted, MetricCases.Batched(metric, scores, labels, weights));
        }
    }

    [Fact]
    public void Update_OneHotAndFloatTargets_SameAsIntegerTargets()
    {
        var (scores, labels, weights, expected) = Load(3);
        using (scores) using (labels) using (weights)
        using (var oneHot = nn.functional.one_hot(labels, 6).to_type(ScalarType.Float32))
        using (var floats = labels.to_type(ScalarType.Float32))
        using (var column = labels.unsqueeze(1))
        {
            var metric = new TopKAccuracy(3);
            MetricCases.Close(expected.Weighted, MetricCases.Batched(metric, scores, oneHot, weights));
            MetricCases.Close(expected.Weighted, MetricCases.Batched(metric, scores, floats, weights));
            MetricCases.Close(expected.Weighted, MetricCases.Batched(metric, scores, column, weights));
        }
    }

    [Fact]
    public void Name_DefaultK_IsTop5Accuracy()
    {
        Assert.Equal("top_5_accuracy", new TopKAccuracy().Name);
        Assert.Equal("top_2_accuracy", new TopKAccuracy(2).Name);
        Assert.Equal(MetricKeys.TopKAccuracy(3), new TopKAccuracy(3).Name);
    }

    [Fact]
    public void Result_NothingAdded_IsNaN() => Assert.True(double.IsNaN(new TopKAccuracy(1).Result));

    [Fact]
    public void Constructor_KZero_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TopKAccuracy(0));
        Assert.Equal("k", e.ParamName);
        Assert.Contains("TopKAccuracy needs k of at least 1; got 0.", e.Message);
    }

    [Fact]
    public void Update_KLargerThanClasses_ThrowsNamingShapes()
    {
        using var p = zeros(4, 3);
        using var t = zeros(4, dtype: ScalarType.Int64);
        var e = Assert.Throws<ArgumentException>(() => new TopKAccuracy(5).Update(p, t, null));
        Assert.Equal("prediction", e.ParamName);
        Assert.Contains("TopKAccuracy with k = 5 needs at least 5 classes; predictions of shape [4, 3] have 3.", e.Message);
    }

    [Fact]
    public void Update_PredictionsNotMatrix_Throws()
    {
        using var p = zeros(4);
        using var t = zeros(4, dtype: ScalarType.Int64);
        var e = Assert.Throws<ArgumentException>(() => new TopKAccuracy(1).Update(p, t, null));
        Assert.Contains("TopKAccuracy expects class scores of shape [B, C]; got predictions of shape [4].", e.Message);
    }

    [Fact]
    public void Update_ScalarPrediction_Throws()
    {
        using var p = tensor(1f);
        using var t = tensor(1f);
        var e = Assert.Throws<ArgumentException>(() => new TopKAccuracy(1).Update(p, t, null));
        Assert.Contains("TopKAccuracy expects predictions [B, ...] with a batch dimension; got a scalar (shape []).", e.Message);
    }

    [Fact]
    public void Update_TargetsWrongShape_Throws()
    {
        using var p = zeros(4, 3);
        using var t = zeros(4, 2);
        var e = Assert.Throws<ArgumentException>(() => new TopKAccuracy(2).Update(p, t, null));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("TopKAccuracy expects class indices [4] or one-hot rows [4, 3] for predictions [4, 3]; got targets of shape [4, 2].", e.Message);
    }

    [Fact]
    public void Update_TargetOutOfRangeOrFractional_ThrowsAndKeepsState()
    {
        using var p = zeros(4, 3);
        using var good = tensor(new long[] { 0, 1, 2, 2 });
        using var outOfRange = tensor(new long[] { 0, 3, -1, 2 });
        using var fractional = tensor(new[] { 0f, 1.5f, 2f, 2f });
        var metric = new TopKAccuracy(1);
        metric.Update(p, good, null);
        double before = metric.Result;
        var e = Assert.Throws<ArgumentException>(() => metric.Update(p, outOfRange, null));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("TopKAccuracy with predictions [4, 3]: Expected class labels in [0, 3) (integer, bool or whole-number float values [N] or [N, 1], " +
            "or one-hot rows); got 3 at index 1 (2 of 4 labels invalid, Int64 tensor of shape [4]).", e.Message);
        e = Assert.Throws<ArgumentException>(() => metric.Update(p, fractional, null));
        Assert.Contains("got 1.5 at index 1 (1 of 4 labels invalid, Float32 tensor of shape [4]).", e.Message);
        Assert.Equal(before, metric.Result);
    }

    [Fact]
    public void Update_WeightsWrongLength_Throws()
    {
        using var p = zeros(4, 3);
        using var t = zeros(4, dtype: ScalarType.Int64);
        using var w = ones(3);
        var e = Assert.Throws<ArgumentException>(() => new TopKAccuracy(1).Update(p, t, w));
        Assert.Equal("weights", e.ParamName);
        Assert.Contains("TopKAccuracy expects one weight per sample, shape [4]; got weights of shape [3].", e.Message);
    }

    private static (Tensor Scores, Tensor Labels, Tensor Weights, (double Unweighted, double Weighted) Expected) Load(int k)
    {
        var topK = MetricCases.Load().GetProperty("top_k");
        var c = topK.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("k").GetInt32() == k);
        return (Fixture.Tensor(topK.GetProperty("scores"), ScalarType.Float32), Fixture.Longs(topK.GetProperty("labels")),
            Fixture.Tensor(topK.GetProperty("weights")), (c.GetProperty("unweighted").GetDouble(), c.GetProperty("weighted").GetDouble()));
    }
}
