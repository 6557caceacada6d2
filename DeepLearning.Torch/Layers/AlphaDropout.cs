using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>Dropout that keeps the mean and variance of self-normalising (selu) activations: dropped inputs are set to selu's negative saturation value and an affine correction is applied; identity in evaluation mode.</summary>
public sealed record AlphaDropout : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="rate">Fraction of inputs dropped, in [0, 1).</param>
    /// <exception cref="ModelBuildException"><paramref name="rate"/> is outside [0, 1).</exception>
    public AlphaDropout(double rate)
    {
        Rate = rate;
    }

    /// <summary>Fraction of inputs dropped, in [0, 1).</summary>
    public double Rate { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (!(Rate >= 0 && Rate < 1))
            throw new ModelBuildException($"{where}: the dropout rate must be in [0, 1), got {Rate}.");
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => Single(inputs);

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name, Rate);

    private sealed class Module(string name, double rate) : SingleInputModule(name)
    {
        public override Tensor Forward(Tensor input) => training && rate > 0 ? F.alpha_dropout(input, rate, true) : input.alias();
    }
}
