using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>Mean squared error: per sample, the mean over outputs of <c>(prediction - target)^2</c>.</summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc />
    public override string Name => "mean_squared_error";

    internal override string Call => "Losses.MeanSquaredError()";

    internal override bool ElementwiseTargets => true;

    /// <inheritdoc />
    public override Tensor PerSample(Tensor prediction, Tensor target) => MeanPerSample((prediction - Align(prediction, target)).square());
}
