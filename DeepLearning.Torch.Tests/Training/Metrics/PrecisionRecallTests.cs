using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training.Metrics;

public class PrecisionRecallTests
{
    public static TheoryData<double> Thresholds() => [0.5, 0.3, 0.7, 1.0];

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Update_ScoresWithTies_MatchScikitLearn(double threshold)
    {
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            using var data = new BinaryCase(dtype);
            foreach (var (metric, key) in new Metric[] { new Precision(threshold), new Recall(threshold) }.Select(m => (m, m.Name)))
            {
                var expected = data.Expected(key, threshold);
                MetricCases.Close(expected.Unweighted, MetricCases.Whole(metric, data.Scores, data.Labels, null));
                MetricCases.Close(expected.Weighted, MetricCases.Whole(metric, data.Scores, data.Labels, data.Weights));
                MetricCases.Close(expected.Unweighted, MetricCases.Batched(metric, data.Scores, data.Labels, null));
                MetricCases.Close(expected.Weighted, MetricCases.Batched(metric, data.Scores, data.Labels, data.Weights));
            }
        }
    }

    [Fact]
    public void Update_ColumnShapes_SameAsVectors()
    {
        using var data = new BinaryCase();
        using var scores = data.Scores.unsqueeze(1);
        using var labels = data.Labels.unsqueeze(1);
        MetricCases.Close(data.Expected("precision", 0.3).Weighted, MetricCases.Batched(new Precision(0.3), scores, labels, data.Weights));
        MetricCases.Close(data.Expected("recall", 0.3).Weighted, MetricCases.Batched(new Recall(0.3), scores, labels, data.Weights));
    }

    [Fact]
    public void Result_NoPredictedOrActualPositives_IsZero()
    {
        using var scores = tensor(new[] { 0.1, 0.2, 0.9 });
        using var negatives = zeros(3);
        using var positives = ones(3);
        var precision = new Precision(0.95);
        precision.Update(scores, positives, null);
        Assert.Equal(0.0, precision.Result);
        var recall = new Recall();
        recall.Update(scores, negatives, null);
        Assert.Equal(0.0, recall.Result);
    }

    [Fact]
    public void Result_NothingAdded_IsNaN()
    {
        Assert.True(double.IsNaN(new Precision().Result));
        Assert.True(double.IsNaN(new Recall().Result));
    }

    [Fact]
    public void Name_DefaultAndCustom()
    {
        Assert.Equal(MetricKeys.Precision, new Precision().Name);
        Assert.Equal(MetricKeys.Recall, new Recall().Name);
        Assert.Equal("precision_at_0.9", new Precision(0.9, "precision_at_0.9").Name);
    }

    [Fact]
    public void Constructor_BadThresholdOrName_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Precision(double.NaN));
        Assert.Equal("threshold", e.ParamName);
        Assert.Contains("Precision needs a finite threshold; got NaN.", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new Recall(double.PositiveInfinity));
        Assert.Contains("Recall needs a finite threshold; got Infinity.", e.Message);
        var n = Assert.Throws<ArgumentException>(() => new Recall(0.5, " "));
        Assert.Equal("name", n.ParamName);
        Assert.Contains("Recall needs a non-empty name.", n.Message);
        n = Assert.Throws<ArgumentException>(() => new Precision(0.5, ""));
        Assert.Contains("Precision needs a non-empty name.", n.Message);
    }

    [Fact]
    public void Update_MultiClassPredictions_ThrowsNamingShape()
    {
        using var p = zeros(8, 3);
        using var t = zeros(8);
        var e = Assert.Throws<ArgumentException>(() => new Precision().Update(p, t, null));
        Assert.Equal("prediction", e.ParamName);
        Assert.Contains("Precision expects binary predictions of shape [B] or [B, 1] (one score per sample); got [8, 3].", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Recall().Update(p, t, null));
        Assert.Contains("Recall expects binary predictions of shape [B] or [B, 1] (one score per sample); got [8, 3].", e.Message);
    }

    [Fact]
    public void Update_TargetsWrongShape_Throws()
    {
        using var p = zeros(8, 1);
        using var t = zeros(8, 2);
        var e = Assert.Throws<ArgumentException>(() => new Recall().Update(p, t, null));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("Recall expects 0/1 targets of shape [8] or [8, 1] for predictions [8, 1]; got [8, 2].", e.Message);
    }

    [Fact]
    public void Update_NonBinaryTargets_ThrowsAndKeepsState()
    {
        using var p = tensor(new[] { 0.9f, 0.2f, 0.7f });
        using var good = tensor(new[] { 1f, 0f, 0f });
        using var bad = tensor(new[] { 1f, 0.5f, 2f });
        var metric = new Precision();
        metric.Update(p, good, null);
        var e = Assert.Throws<ArgumentException>(() => metric.Update(p, bad, null));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("Precision expects binary targets 0 or 1; 2 of the targets (shape [3]) are neither.", e.Message);
        Assert.Equal(0.5, metric.Result);
    }

    [Fact]
    public void Update_WeightsWrongShape_Throws()
    {
        using var p = zeros(3);
        using var t = zeros(3);
        using var w = ones(3, 2);
        var e = Assert.Throws<ArgumentException>(() => new Recall().Update(p, t, w));
        Assert.Equal("weights", e.ParamName);
        Assert.Contains("Recall expects one weight per sample, shape [3]; got weights of shape [3, 2].", e.Message);
    }
}
