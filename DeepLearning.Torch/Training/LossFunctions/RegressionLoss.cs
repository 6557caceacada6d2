using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// What <see cref="MeanSquaredError"/> and <see cref="MeanAbsoluteError"/> share: targets of the predictions' shape
/// ([B] and [B, 1] are interchangeable), and per sample the mean over outputs of an elementwise function of
/// <c>prediction - target</c>.
/// </summary>
public abstract class RegressionLoss : Loss
{
    private protected RegressionLoss()
    {
    }

    /// <inheritdoc />
    public sealed override Tensor PerSample(Tensor prediction, Tensor target) => MeanPerSample(OfError(prediction - Align(prediction, target)));

    /// <summary>The elementwise loss of the errors <c>prediction - target</c>: absolute value or square.</summary>
    private protected abstract Tensor OfError(Tensor error);

    internal sealed override string Call => $"Losses.{GetType().Name}()";

    internal sealed override bool ElementwiseTargets => true;
}
