using DeepLearning.Torch.Training.Core;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Weighted mean of the per-sample mean absolute error |prediction - target| (Keras <c>MeanAbsoluteError</c>; scikit-learn
/// <c>mean_absolute_error</c>), logged as <c>mean_absolute_error</c>; see <see cref="RegressionError"/>.
/// </summary>
public sealed class MeanAbsoluteError() : RegressionError(nameof(MeanAbsoluteError), MetricKeys.MeanAbsoluteError)
{
    private protected override Tensor Elementwise(Tensor difference) => difference.abs();
}
