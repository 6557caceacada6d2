using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>Mean absolute error: per sample, the mean over outputs of <c>|prediction - target|</c>.</summary>
public sealed class MeanAbsoluteError : Loss
{
    /// <inheritdoc />
    public override string Name => "mean_absolute_error";

    internal override string Call => "Losses.MeanAbsoluteError()";

    internal override bool ElementwiseTargets => true;

    /// <inheritdoc />
    public override Tensor PerSample(Tensor prediction, Tensor target) => MeanPerSample((prediction - Align(prediction, target)).abs());
}
