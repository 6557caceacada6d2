using System.Text.Json;
using DeepLearning.Torch.Training.Metrics;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training.Metrics;

/// <summary>Reads Fixtures/Training/Metrics/metrics.json (written by make_fixtures.py there) and feeds metrics in batches.</summary>
internal static class MetricCases
{
    /// <summary>Uneven batch sizes; the last batch takes the rest.</summary>
    internal static readonly int[] Batches = [1, 7, 13, 20];

    /// <summary>Relative tolerance against scikit-learn (all sums are double precision).</summary>
    internal const double Tolerance = 1e-12;

    internal static JsonElement Load() => Fixture.Load(Path.Combine("Metrics", "metrics.json"));

    /// <summary>Resets <paramref name="metric"/>, updates it with all rows in one call, and returns the result.</summary>
    internal static double Whole(Metric metric, Tensor prediction, Tensor target, Tensor? weights)
    {
        metric.Reset();
        metric.Update(prediction, target, weights);
        return metric.Result;
    }

    /// <summary>Resets <paramref name="metric"/>, updates it batch by batch (sizes <see cref="Batches"/>, then the rest), returns the result.</summary>
    internal static double Batched(Metric metric, Tensor prediction, Tensor target, Tensor? weights)
    {
        metric.Reset();
        long n = prediction.shape[0], start = 0;
        foreach (int size in Batches.Append(int.MaxValue))
        {
            long length = Math.Min(size, n - start);
            if (length <= 0) break;
            using var scope = NewDisposeScope();
            metric.Update(prediction.narrow(0, start, length), target.narrow(0, start, length), weights?.narrow(0, start, length));
            start += length;
        }
        return metric.Result;
    }

    /// <summary>Asserts <paramref name="actual"/> equals the scikit-learn value within <see cref="Tolerance"/> (relative).</summary>
    internal static void Close(double expected, double actual)
        => Xunit.Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R} (scikit-learn), got {actual:R}");
}
