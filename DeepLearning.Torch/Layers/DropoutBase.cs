using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// What <see cref="Dropout"/> and <see cref="AlphaDropout"/> share: a rate in [0, 1), the input's shape, and the
/// identity in evaluation mode; a derived layer says only how a training batch is dropped.
/// </summary>
public abstract record DropoutBase : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="rate">Fraction of inputs dropped, in [0, 1).</param>
    private protected DropoutBase(double rate)
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
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name, Rate, Drop);

    /// <summary>Drops a training batch at <paramref name="rate"/> (greater than zero).</summary>
    private protected abstract Tensor Drop(Tensor input, double rate);

    private sealed class Module(string name, double rate, Func<Tensor, double, Tensor> drop) : SingleInputModule(name)
    {
        public override Tensor Forward(Tensor input) => training && rate > 0 ? drop(input, rate) : input.alias();
    }
}
