using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// What <see cref="MeanAbsoluteError"/> and <see cref="RootMeanSquaredError"/> share: each sample's error is the mean of an
/// elementwise error over all its elements, then samples are averaged with their weights, accumulated exactly over the epoch.
/// </summary>
/// <remarks>
/// Predictions and targets have the same shape [B, ...] ([B] and [B, 1] are interchangeable). For several outputs this is
/// the error averaged over outputs as Keras does (for the root mean squared error: sqrt of the output-averaged mean squared
/// error, not scikit-learn's mean of per-output roots). Each <see cref="Update"/> moves two numbers to the host in one transfer.
/// </remarks>
public abstract class RegressionError : Metric
{
    private readonly string _metric;
    private readonly DeviceSums _sums = new();   // weighted error sum, total weight

    private protected RegressionError(string metric, string name)
    {
        _metric = metric;
        Name = name;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override void Reset() => _sums.Reset();

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Targets and predictions differ in shape, or the weights are not [B].</exception>
    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
        var batch = MetricInput.Batch(_metric, prediction, weights);
        using var scope = NewDisposeScope();
        var diff = MetricInput.Difference(_metric, prediction, target);
        var w = MetricInput.WeightVector(weights, batch, prediction.device);
        _sums.Add((Elementwise(diff).mean([1L]) * w).sum(), w.sum());
    }

    /// <summary>The elementwise error of a difference [B, n]: absolute value or square.</summary>
    private protected abstract Tensor Elementwise(Tensor difference);

    /// <summary>The reported value from the weighted mean error: by default the mean itself (the square root for RMSE).</summary>
    private protected virtual double Finish(double weightedMean) => weightedMean;

    /// <inheritdoc />
    /// <value>The weighted mean error, finished; NaN when nothing (or only zero weight) was added.</value>
    public override double Result => _sums.Read() is { } s && s[1] != 0 ? Finish(s[0] / s[1]) : double.NaN;
}
