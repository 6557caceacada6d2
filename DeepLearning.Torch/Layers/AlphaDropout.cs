using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>Dropout that keeps the mean and variance of self-normalising (selu) activations: dropped inputs are set to selu's negative saturation value and an affine correction is applied; identity in evaluation mode.</summary>
public sealed record AlphaDropout : DropoutBase
{
    /// <summary>Creates the description.</summary>
    /// <param name="rate">Fraction of inputs dropped, in [0, 1).</param>
    /// <exception cref="ModelBuildException"><paramref name="rate"/> is outside [0, 1).</exception>
    public AlphaDropout(double rate) : base(rate)
    {
    }

    /// <inheritdoc/>
    private protected override Tensor Drop(Tensor input, double rate) => nn.functional.alpha_dropout(input, rate, true);
}
