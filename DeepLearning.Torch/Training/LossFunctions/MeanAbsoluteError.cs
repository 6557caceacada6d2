using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>Mean absolute error: per sample, the mean over outputs of <c>|prediction - target|</c>.</summary>
public sealed class MeanAbsoluteError : RegressionLoss
{
    /// <inheritdoc />
    public override string Name => "mean_absolute_error";

    private protected override Tensor OfError(Tensor error) => error.abs();
}
