using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Weighted mean of the per-sample mean absolute error |prediction - target| (Keras <c>MeanAbsoluteError</c>; scikit-learn <c>mean_absolute_error</c>). Each sample's error is the mean over all
/// its elements, then samples are averaged with their weights, accumulated exactly over the epoch.
/// </summary>
/// <remarks>
/// Predictions and targets have the same shape [B, ...] ([B] and [B, 1] are interchangeable). For several outputs this is
/// the error averaged over outputs as Keras does (for the root mean squared error: sqrt of the output-averaged mean squared
/// error, not scikit-learn's mean of per-output roots). Each <see cref="Update"/> moves two numbers to the host in one transfer.
/// </remarks>
public sealed class MeanAbsoluteError : Metric
{
    private double _sum;
    private double _total;

    /// <inheritdoc />
    /// <value><c>mean_absolute_error</c>.</value>
    public override string Name => MetricKeys.MeanAbsoluteError;

    /// <inheritdoc />
    public override void Reset() => (_sum, _total) = (0, 0);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Targets and predictions differ in shape, or the weights are not [B].</exception>
    public override void Update(Tensor prediction, Tensor target, Tensor? weights)
    {
        const string metric = nameof(MeanAbsoluteError);
        var batch = MetricInput.BatchSize(metric, prediction);
        MetricInput.Weights(metric, weights, batch);
        using var scope = NewDisposeScope();
        var diff = MetricInput.Difference(metric, prediction, target);
        var w = MetricInput.WeightVector(weights, batch, prediction.device);
        var host = MetricInput.ToHost((diff.abs().mean([1L]) * w).sum(), w.sum());
        _sum += host[0];
        _total += host[1];
    }

    /// <inheritdoc />
    /// <value>sum_i w_i mae_i / sum_i w_i; NaN when nothing (or only zero weight) was added.</value>
    public override double Result => _total != 0 ? _sum / _total : double.NaN;
}
