using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A pre-norm transformer encoder block on (steps, features) samples, reusable like <see cref="ResidualBlock"/>:
/// <c>h = x + MHA(LN(x))</c>, then <c>y = h + Dense(features)(GELU(Dense(mlpUnits)(LN(h))))</c>: torch's
/// <c>nn.TransformerEncoderLayer(norm_first=True, activation="gelu", batch_first=True)</c>. Inputs: the sequence
/// (steps, features), then optionally a key-padding mask (steps,) (true = real, e.g. from <see cref="Masking"/>) and an
/// attention bias per head (heads, steps, steps), passed to the attention (see <see cref="MultiHeadAttention"/>). The
/// output has the input's shape; padded steps are computed too (pool them with the mask).
/// Submodules, named as torch's: <c>norm1</c>, <c>self_attn</c>, <c>norm2</c>, <c>linear1</c>, <c>linear2</c>.
/// </summary>
public sealed record TransformerEncoderBlock : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="heads">Attention heads; positive.</param>
    /// <param name="keyDim">Features per head; positive. <value>Default null: features / heads (torch's layout), which must divide.</value></param>
    /// <param name="mlpUnits">Hidden units of the MLP; positive. <value>Default null: 4 × features.</value></param>
    /// <param name="dropout">Dropout rate on the attention weights, the attention output and both MLP layers' outputs during training, in [0, 1). <value>Default 0.</value></param>
    /// <param name="epsilon">Epsilon of both layer normalisations. <value>Default: the preset's (1e-5 Torch, 1e-3 Keras).</value></param>
    public TransformerEncoderBlock(int heads, int? keyDim = null, int? mlpUnits = null, double dropout = 0, double? epsilon = null)
    {
        Heads = heads;
        KeyDim = keyDim;
        MlpUnits = mlpUnits;
        Dropout = dropout;
        Epsilon = epsilon;
    }

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; }
    /// <summary>Features per head; <c>null</c> for features / heads.</summary>
    public int? KeyDim { get; init; }
    /// <summary>Hidden units of the MLP; <c>null</c> for 4 × features.</summary>
    public int? MlpUnits { get; init; }
    /// <summary>Dropout rate during training.</summary>
    public double Dropout { get; init; }
    /// <summary>Epsilon of the layer normalisations; <c>null</c> for the preset's.</summary>
    public double? Epsilon { get; init; }

    /// <inheritdoc/>
    protected override int MaxInputs => 3;

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.RequirePositive(Heads, "heads", where);
        if (KeyDim is { } k) ConvGeometry.RequirePositive(k, "keyDim", where);
        if (MlpUnits is { } u) ConvGeometry.RequirePositive(u, "mlpUnits", where);
        new LayerNormalization(Epsilon).ValidateOptions(where);
        Attention(1).ValidateOptions(where);
    }

    private MultiHeadAttention Attention(int features) => new(Heads, KeyDim ?? Math.Max(1, features / Heads), Dropout);

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape x = Single(inputs);
        ConvGeometry.RequireRank(x, 2, where, "(steps, features)");
        if (KeyDim is null && x[-1] % Heads != 0)
            throw new ModelBuildException($"{where}: {x[-1]} features do not split into {Heads} heads; give keyDim or a feature count divisible by heads.");
        if (inputs.Skip(1).Any(s => s.Rank == 2))
            throw new ModelBuildException($"{where}: a self-attention block takes the sequence, then optionally a mask (steps,) and a bias (heads, steps, steps); got {string.Join(", ", inputs)}.");
        return Attention(x[-1]).Apply(inputs, where);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape x = Single(inputs);
        int features = x[-1], hidden = MlpUnits ?? 4 * features;
        var block = new Block(name, Dropout);
        block.AddPart("norm1", new LayerNormalization(Epsilon).CompileModule("norm1", [x], context));
        block.AddPart("self_attn", Attention(features).CompileModule("self_attn", inputs, context));
        block.AddPart("norm2", new LayerNormalization(Epsilon).CompileModule("norm2", [x], context));
        block.AddPart("linear1", new Dense(hidden, Activation.Gelu).CompileModule("linear1", [x], context));
        block.AddPart("linear2", new Dense(features).CompileModule("linear2", [new Shape(x[0], hidden)], context));
        return block;
    }

    private sealed class Block(string name, double dropout) : LayerModule(name)
    {
        private readonly Dictionary<string, LayerModule> parts = [];

        public void AddPart(string part, LayerModule module) => parts[part] = Adopt(part, module);

        private Tensor Drop(Tensor x) => dropout > 0 && training ? nn.functional.dropout(x, dropout, training: true) : x;

        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            Tensor x = inputs[0];
            // Attention on the normalised sequence; the mask and bias go to the attention unchanged.
            Tensor attended = parts["self_attn"].Forward([parts["norm1"].Forward([x]), .. inputs.Skip(1)]);
            Tensor h = x.add(Drop(attended));
            Tensor mlp = Drop(parts["linear2"].Forward([Drop(parts["linear1"].Forward([parts["norm2"].Forward([h])]))]));
            return h.add(mlp).MoveToOuterDisposeScope();
        }

        public override Tensor? RegularizationLoss() => parts.Values.Aggregate((Tensor?)null, (sum, m) => Sum(sum, m.RegularizationLoss()));
    }
}
