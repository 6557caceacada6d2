using System.Text.Json;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training.Metrics;

/// <summary>The binary-classifier inputs of metrics.json: scores on a 0.1 grid (ties, scores equal to thresholds), 0/1 labels, weights.</summary>
internal sealed class BinaryCase : IDisposable
{
    internal BinaryCase(ScalarType dtype = ScalarType.Float64)
    {
        Json = MetricCases.Load().GetProperty("binary");
        Scores = Fixture.Tensor(Json.GetProperty("scores"), dtype);
        Labels = Fixture.Tensor(Json.GetProperty("labels"), ScalarType.Float32);
        Weights = Fixture.Tensor(Json.GetProperty("weights"));
    }

    internal JsonElement Json { get; }

    internal Tensor Scores { get; }

    internal Tensor Labels { get; }

    internal Tensor Weights { get; }

    /// <summary>scikit-learn's (unweighted, weighted) value of <paramref name="metric"/> ("precision"/"recall") at <paramref name="threshold"/>.</summary>
    internal (double Unweighted, double Weighted) Expected(string metric, double threshold)
    {
        var c = Json.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("threshold").GetDouble() == threshold).GetProperty(metric);
        return (c.GetProperty("unweighted").GetDouble(), c.GetProperty("weighted").GetDouble());
    }

    public void Dispose()
    {
        Scores.Dispose();
        Labels.Dispose();
        Weights.Dispose();
    }
}
