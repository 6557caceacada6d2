using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>Shape checks and host transfers shared by the metrics; every message names the metric and the shapes.</summary>
internal static class MetricInput
{
    /// <summary>A shape as <c>[32, 10]</c>.</summary>
    internal static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    /// <summary>The batch size: the first dimension of <paramref name="prediction"/>, which must have one.</summary>
    internal static long BatchSize(string metric, Tensor prediction)
    {
        if (prediction.dim() == 0)
            throw new ArgumentException($"{metric} expects predictions [B, ...] with a batch dimension; got a scalar (shape []).", nameof(prediction));
        return prediction.shape[0];
    }

    /// <summary>The batch size of <paramref name="prediction"/>, after checking it has a batch dimension and that
    /// <paramref name="weights"/> fit it (<see cref="BatchSize"/>, <see cref="Weights"/>).</summary>
    internal static long Batch(string metric, Tensor prediction, Tensor? weights)
    {
        long batch = BatchSize(metric, prediction);
        Weights(metric, weights, batch);
        return batch;
    }

    /// <summary>Checks that <paramref name="weights"/> is null or holds one value per sample ([B] or [B, 1]).</summary>
    internal static void Weights(string metric, Tensor? weights, long batch)
    {
        if (weights is null) return;
        bool ok = (weights.dim() == 1 && weights.shape[0] == batch) || (weights.dim() == 2 && weights.shape[0] == batch && weights.shape[1] == 1);
        if (!ok)
            throw new ArgumentException(
                $"{metric} expects one weight per sample, shape [{batch}]; got weights of shape {Shape(weights)}.", nameof(weights));
    }

    /// <summary>
    /// Binary scores [B] (in the predictions' dtype, so that thresholds compare as in <see cref="Accuracy"/>) and float64
    /// targets [B]: predictions [B] or [B, 1], targets [B] or [B, 1]. Multi-column predictions are refused (multi-class outputs).
    /// </summary>
    internal static (Tensor Scores, Tensor Targets) Binary(string metric, Tensor prediction, Tensor target)
    {
        long batch = BatchSize(metric, prediction);
        if (!IsVector(prediction, batch))
            throw new ArgumentException(
                $"{metric} expects binary predictions of shape [B] or [B, 1] (one score per sample); got {Shape(prediction)}. " +
                "For multi-class outputs [B, C] use Accuracy or TopKAccuracy.", nameof(prediction));
        if (!IsVector(target, batch))
            throw new ArgumentException(
                $"{metric} expects 0/1 targets of shape [{batch}] or [{batch}, 1] for predictions {Shape(prediction)}; got {Shape(target)}.",
                nameof(target));
        return (prediction.reshape(-1), target.reshape(-1).to_type(ScalarType.Float64));
    }

    /// <summary>Number of targets that are neither 0 nor 1 (a float64 scalar tensor, to be moved to the host with the sums).</summary>
    internal static Tensor NonBinaryCount(Tensor targets) => targets.ne(0).logical_and(targets.ne(1)).sum().to_type(ScalarType.Float64);

    /// <summary>The exception for targets outside {0, 1}.</summary>
    internal static ArgumentException NonBinaryTargets(string metric, double count, Tensor target)
        => new($"{metric} expects binary targets 0 or 1; {count} of the targets (shape {Shape(target)}) are neither.", nameof(target));

    /// <summary>The exception for targets outside {0, 1} found at the epoch's end (checks deferred by the trainer).</summary>
    internal static ArgumentException NonBinaryTargets(string metric, double count, string paramName)
        => new($"{metric} expects binary targets 0 or 1; {count} of the epoch's targets are neither.", paramName);

    /// <summary>Weights as float64 [B] (ones when <paramref name="weights"/> is null).</summary>
    internal static Tensor WeightVector(Tensor? weights, long batch, Device device)
        => weights is null ? ones(batch, dtype: ScalarType.Float64, device: device) : weights.reshape(-1).to_type(ScalarType.Float64);

    /// <summary>
    /// prediction - target as float64 [B, E] (E elements per sample). Shapes must be equal, except that [B] and [B, 1]
    /// are interchangeable.
    /// </summary>
    internal static Tensor Difference(string metric, Tensor prediction, Tensor target)
    {
        long batch = BatchSize(metric, prediction);
        bool same = prediction.shape.SequenceEqual(target.shape) || (IsVector(prediction, batch) && IsVector(target, batch));
        if (!same)
            throw new ArgumentException(
                $"{metric} expects targets of the predictions' shape {Shape(prediction)}; got {Shape(target)}.", nameof(target));
        if (batch > 0 && prediction.numel() == 0)
            throw new ArgumentException($"{metric} expects at least one value per sample; got predictions of shape {Shape(prediction)}.", nameof(prediction));
        long perSample = batch == 0 ? 1 : prediction.numel() / batch;
        return prediction.reshape(batch, perSample).to_type(ScalarType.Float64) - target.reshape(batch, perSample).to_type(ScalarType.Float64);
    }

    /// <summary>Moves scalars to the host in one transfer: they are stacked into one float64 vector first.</summary>
    internal static double[] ToHost(params Tensor[] scalars)
        => stack(scalars.Select(s => s.reshape(-1).to_type(ScalarType.Float64)).ToArray()).reshape(-1).cpu().data<double>().ToArray();

    private static bool IsVector(Tensor t, long batch)
        => (t.dim() == 1 && t.shape[0] == batch) || (t.dim() == 2 && t.shape[0] == batch && t.shape[1] == 1);
}
