using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>Mean squared error: per sample, the mean over outputs of <c>(prediction - target)^2</c>.</summary>
public sealed class MeanSquaredError : RegressionLoss
{
    /// <inheritdoc />
    public override string Name => "mean_squared_error";

    private protected override Tensor OfError(Tensor error) => error.square();
}
