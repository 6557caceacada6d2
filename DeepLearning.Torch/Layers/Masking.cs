using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The padding mask of (particles, features) or (steps, features) samples: true for a row with any feature different
/// from <see cref="MaskValue"/>, false for a padding row (e.g. the zero-padded constituents of a jet), as Keras'
/// <c>Masking</c> decides which steps are masked. Unlike Keras, the mask is this layer's output, (particles,) of bool,
/// and it travels as an ordinary graph value: pass it as the second input of the layers that honour it
/// (<see cref="GlobalSumPooling1D"/>, <see cref="GlobalAveragePooling1D"/>, <see cref="GlobalMaxPooling1D"/>,
/// <see cref="LSTM"/>, <see cref="GRU"/>, <see cref="MultiHeadAttention"/>, <see cref="TransformerEncoderBlock"/>). Per-particle layers (Dense,
/// TimeDistributed, LayerNormalization) need no mask: they never mix particles.
/// <code>
/// var particles = Input.Create("particles", 30, 4);
/// var mask = new Masking().Call(particles);                         // (N, 30) bool
/// var h = new Dense(64, Activation.Relu).Call(particles);          // padded rows change, but
/// var jet = new GlobalSumPooling1D().Call(h, mask);                // the masked sum ignores them
/// </code>
/// </summary>
public sealed record Masking : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="maskValue">The value of every feature of a padding row. <value>Default 0 (zero padding).</value></param>
    public Masking(double maskValue = 0)
    {
        MaskValue = maskValue;
    }

    /// <summary>The value of every feature of a padding row.</summary>
    public double MaskValue { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (double.IsNaN(MaskValue)) throw new ModelBuildException($"{where}: the mask value must be a number, got NaN.");
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        ConvGeometry.RequireRank(Single(inputs), 2, where, "(particles, features)");
        return new Shape(Single(inputs)[0]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name, MaskValue);

    private sealed class Module(string name, double maskValue) : SingleInputModule(name)
    {
        // A row is real when any of its features differs from the mask value.
        public override Tensor Forward(Tensor input)
        {
            using var different = input.ne(maskValue);
            return different.any(-1);
        }
    }
}
