using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training.Metrics;

public class AucTests
{
    [Fact]
    public void Update_ScoresWithTies_MatchesRocAucScore()
    {
        using var data = new BinaryCase();
        var auc = data.Json.GetProperty("auc");
        double unweighted = auc.GetProperty("unweighted").GetDouble(), weighted = auc.GetProperty("weighted").GetDouble();
        var metric = new Auc();
        MetricCases.Close(unweighted, MetricCases.Whole(metric, data.Scores, data.Labels, null));
        MetricCases.Close(weighted, MetricCases.Whole(metric, data.Scores, data.Labels, data.Weights));
        MetricCases.Close(unweighted, MetricCases.Batched(metric, data.Scores, data.Labels, null));
        MetricCases.Close(weighted, MetricCases.Batched(metric, data.Scores, data.Labels, data.Weights));
    }

    [Fact]
    public void Update_Float32ColumnAndLogits_SameValue()
    {
        using var data = new BinaryCase(ScalarType.Float32);
        using var column = data.Scores.unsqueeze(1);
        using var logits = (data.Scores - 0.5f) * 7f;
        double weighted = data.Json.GetProperty("auc").GetProperty("weighted").GetDouble();
        MetricCases.Close(weighted, MetricCases.Batched(new Auc(), column, data.Labels, data.Weights));
        MetricCases.Close(weighted, MetricCases.Batched(new Auc(), logits, data.Labels, data.Weights));
    }

    [Fact]
    public void Result_ReadBetweenUpdates_FollowsNewData()
    {
        using var data = new BinaryCase();
        var metric = new Auc();
        metric.Update(data.Scores.narrow(0, 0, 40), data.Labels.narrow(0, 0, 40), null);
        _ = metric.Result;
        metric.Update(data.Scores.narrow(0, 40, 40), data.Labels.narrow(0, 40, 40), null);
        MetricCases.Close(data.Json.GetProperty("auc").GetProperty("unweighted").GetDouble(), metric.Result);
        metric.Reset();
        Assert.True(double.IsNaN(metric.Result));
    }

    [Fact]
    public void Result_OneClassOnly_IsNaN()
    {
        using var scores = tensor(new[] { 0.1, 0.4, 0.8 });
        using var positives = ones(3);
        using var mixed = tensor(new[] { 1f, 0f, 0f });
        using var w = tensor(new[] { 1.0, 0.0, 0.0 });
        var metric = new Auc();
        metric.Update(scores, positives, null);
        Assert.True(double.IsNaN(metric.Result));
        metric.Reset();
        metric.Update(scores, mixed, w); // the negatives weigh nothing
        Assert.True(double.IsNaN(metric.Result));
        Assert.True(double.IsNaN(new Auc().Result));
    }

    [Fact]
    public void Result_NonFiniteScore_IsNaN()
    {
        using var scores = tensor(new[] { 0.1, double.NaN, 0.8 });
        using var labels = tensor(new[] { 1f, 0f, 0f });
        var metric = new Auc();
        metric.Update(scores, labels, null);
        Assert.True(double.IsNaN(metric.Result));
    }

    [Fact]
    public void Name_IsAuc() => Assert.Equal(MetricKeys.Auc, new Auc().Name);

    [Fact]
    public void Update_MultiClassPredictions_Throws()
    {
        using var p = zeros(5, 2);
        using var t = zeros(5);
        var e = Assert.Throws<ArgumentException>(() => new Auc().Update(p, t, null));
        Assert.Equal("prediction", e.ParamName);
        Assert.Contains("Auc expects binary predictions of shape [B] or [B, 1] (one score per sample); got [5, 2].", e.Message);
    }

    [Fact]
    public void Update_NonBinaryTargets_ThrowsAndKeepsState()
    {
        using var p = tensor(new[] { 0.9f, 0.2f, 0.7f });
        using var good = tensor(new[] { 1f, 0f, 0f });
        using var bad = tensor(new long[] { 3, 0, 1 });
        var metric = new Auc();
        metric.Update(p, good, null);
        var e = Assert.Throws<ArgumentException>(() => metric.Update(p, bad, null));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("Auc expects binary targets 0 or 1; 1 of the targets (shape [3]) are neither.", e.Message);
        Assert.Equal(1.0, metric.Result);
    }

    [Fact]
    public void Update_TargetsOrWeightsWrongShape_Throws()
    {
        using var p = zeros(5);
        using var t = zeros(4);
        using var w = ones(6);
        var e = Assert.Throws<ArgumentException>(() => new Auc().Update(p, t, null));
        Assert.Contains("Auc expects 0/1 targets of shape [5] or [5, 1] for predictions [5]; got [4].", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Auc().Update(p, p, w));
        Assert.Contains("Auc expects one weight per sample, shape [5]; got weights of shape [6].", e.Message);
    }
}
