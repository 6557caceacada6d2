using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>Sets a random fraction <see cref="DropoutBase.Rate"/> of inputs to zero during training and scales the rest by 1/(1 − rate); identity in evaluation mode.</summary>
public sealed record Dropout : DropoutBase
{
    /// <summary>Creates the description.</summary>
    /// <param name="rate">Fraction of inputs dropped, in [0, 1).</param>
    /// <exception cref="ModelBuildException"><paramref name="rate"/> is outside [0, 1).</exception>
    public Dropout(double rate) : base(rate)
    {
    }

    /// <inheritdoc/>
    private protected override Tensor Drop(Tensor input, double rate) => nn.functional.dropout(input, rate, true);
}
