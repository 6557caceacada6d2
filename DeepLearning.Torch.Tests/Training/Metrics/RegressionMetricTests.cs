using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training.Metrics;

public class RegressionMetricTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "mae", "multi" }, { "mae", "single" }, { "rmse", "multi" }, { "rmse", "single" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Update_WeightedAndBatched_MatchesScikitLearn(string metricKey, string outputs)
    {
        var json = MetricCases.Load().GetProperty("regression");
        var expected = json.GetProperty(outputs).GetProperty(metricKey);
        double unweighted = expected.GetProperty("unweighted").GetDouble(), weighted = expected.GetProperty("weighted").GetDouble();
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            using var scope = NewDisposeScope();
            var prediction = Fixture.Tensor(json.GetProperty("prediction"));
            var target = Fixture.Tensor(json.GetProperty("target"));
            var weights = Fixture.Tensor(json.GetProperty("weights"));
            if (outputs == "single") (prediction, target) = (prediction.select(1, 0), target.select(1, 0).unsqueeze(1));
            // Float32 inputs are rounded before the metric sees them: compare with a float32-sized tolerance.
            double tolerance = dtype == ScalarType.Float64 ? MetricCases.Tolerance : 1e-6;
            prediction = prediction.to_type(dtype);
            target = target.to_type(dtype);
            Metric metric = metricKey == "mae" ? new MeanAbsoluteError() : new RootMeanSquaredError();
            Assert.Equal(unweighted, MetricCases.Whole(metric, prediction, target, null), tolerance);
            Assert.Equal(weighted, MetricCases.Whole(metric, prediction, target, weights), tolerance);
            Assert.Equal(unweighted, MetricCases.Batched(metric, prediction, target, null), tolerance);
            Assert.Equal(weighted, MetricCases.Batched(metric, prediction, target, weights), tolerance);
            if (dtype == ScalarType.Float64)
            {
                MetricCases.Close(weighted, MetricCases.Batched(metric, prediction, target, weights));
            }
        }
    }

    [Fact]
    public void Names_AreKerasKeys()
    {
        Assert.Equal("mean_absolute_error", new MeanAbsoluteError().Name);
        Assert.Equal("root_mean_squared_error", new RootMeanSquaredError().Name);
    }

    [Fact]
    public void Result_NothingOrZeroWeightAdded_IsNaN()
    {
        Assert.True(double.IsNaN(new MeanAbsoluteError().Result));
        Assert.True(double.IsNaN(new RootMeanSquaredError().Result));
        using var p = ones(2, 3);
        using var w = zeros(2);
        var metric = new RootMeanSquaredError();
        metric.Update(p, p, w);
        Assert.True(double.IsNaN(metric.Result));
        using var empty = zeros(0, 3);
        var mae = new MeanAbsoluteError();
        mae.Update(empty, empty, null);
        Assert.True(double.IsNaN(mae.Result));
    }

    [Fact]
    public void Update_ShapeMismatch_ThrowsNamingShapes()
    {
        using var p = zeros(4, 3);
        using var t = zeros(4, 2);
        var e = Assert.Throws<ArgumentException>(() => new MeanAbsoluteError().Update(p, t, null));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("MeanAbsoluteError expects targets of the predictions' shape [4, 3]; got [4, 2].", e.Message);
        using var flat = zeros(12);
        e = Assert.Throws<ArgumentException>(() => new RootMeanSquaredError().Update(p, flat, null));
        Assert.Contains("RootMeanSquaredError expects targets of the predictions' shape [4, 3]; got [12].", e.Message);
    }

    [Fact]
    public void Update_NoValuesPerSample_Throws()
    {
        using var p = zeros(4, 0);
        var e = Assert.Throws<ArgumentException>(() => new MeanAbsoluteError().Update(p, p, null));
        Assert.Equal("prediction", e.ParamName);
        Assert.Contains("MeanAbsoluteError expects at least one value per sample; got predictions of shape [4, 0].", e.Message);
    }

    [Fact]
    public void Update_WeightsWrongShape_Throws()
    {
        using var p = zeros(4, 3);
        using var w = ones(4, 3);
        var e = Assert.Throws<ArgumentException>(() => new RootMeanSquaredError().Update(p, p, w));
        Assert.Equal("weights", e.ParamName);
        Assert.Contains("RootMeanSquaredError expects one weight per sample, shape [4]; got weights of shape [4, 3].", e.Message);
    }
}
