using DeepLearning.Torch.Training.Core;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// Square root of the weighted mean of the per-sample mean squared error (prediction - target)^2 (Keras
/// <c>RootMeanSquaredError</c>; scikit-learn <c>mean_squared_error(squared=False)</c> for one output), logged as <c>root_mean_squared_error</c>; see <see cref="RegressionError"/>.
/// </summary>
public sealed class RootMeanSquaredError() : RegressionError(nameof(RootMeanSquaredError), MetricKeys.RootMeanSquaredError)
{
    private protected override Tensor Elementwise(Tensor difference) => difference.square();

    private protected override double Finish(double weightedMean) => Math.Sqrt(weightedMean);
}
