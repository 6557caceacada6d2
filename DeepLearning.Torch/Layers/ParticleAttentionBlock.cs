using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A particle-attention block as in Particle Transformer (ParT, arXiv:2202.03772), reusable like
/// <see cref="TransformerEncoderBlock"/>: pairwise features (pairs of particles, e.g. from
/// <see cref="ParticlePairFeatures"/>) go through an embedding MLP (Dense + GELU per entry of <see cref="PairUnits"/>,
/// then a Dense to one value per head) that gives an additive attention bias per head, and a pre-norm transformer
/// encoder block attends over the particles with that bias and the padding mask:
/// <c>y = TransformerEncoderBlock(x, mask, bias = Uᵀ(MLP(pairs)))</c>.
/// </summary>
/// <remarks>
/// <para>Inputs: the particles (particles, features); the pairwise features (particles, particles, pairFeatures);
/// optionally the padding mask (particles,) (true = real). Padded particles are masked as keys and their outputs are
/// zero, so they change nothing of the real particles' outputs; a jet with no real particle gives zeros (not NaN).
/// The output has the particles' shape.</para>
/// <para>Submodules: <c>pair_1</c>, <c>pair_2</c>, ... and <c>pair_out</c> (Dense layers on the pairs' last axis), and
/// <c>encoder</c>, a <see cref="TransformerEncoderBlock"/> whose parameters are named as torch's
/// <c>nn.TransformerEncoderLayer(norm_first=True, activation="gelu", batch_first=True)</c>. In PyTorch:
/// <c>encoder(x, src_key_padding_mask=~mask, src_mask=pair_out(gelu(pair_1(u))).permute(0, 3, 1, 2).reshape(N·heads, P, P))</c>.</para>
/// </remarks>
public sealed record ParticleAttentionBlock : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="heads">Attention heads; positive; the features must divide into them unless keyDim is given.</param>
    /// <param name="pairUnits">Hidden widths of the pair embedding MLP (may be empty: one Dense to the heads); each positive.</param>
    /// <param name="keyDim">Features per head. <value>Default null: features / heads.</value></param>
    /// <param name="mlpUnits">Hidden units of the encoder's MLP. <value>Default null: 4 × features.</value></param>
    /// <param name="dropout">Dropout of the encoder block during training, in [0, 1). <value>Default 0.</value></param>
    public ParticleAttentionBlock(int heads, IReadOnlyList<int> pairUnits, int? keyDim = null, int? mlpUnits = null, double dropout = 0)
    {
        ArgumentNullException.ThrowIfNull(pairUnits);
        Heads = heads;
        PairUnits = pairUnits.ToArray();
        KeyDim = keyDim;
        MlpUnits = mlpUnits;
        Dropout = dropout;
    }

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; }
    /// <summary>Hidden widths of the pair embedding MLP.</summary>
    public IReadOnlyList<int> PairUnits { get; init; }
    /// <summary>Features per head; <c>null</c> for features / heads.</summary>
    public int? KeyDim { get; init; }
    /// <summary>Hidden units of the encoder's MLP; <c>null</c> for 4 × features.</summary>
    public int? MlpUnits { get; init; }
    /// <summary>Dropout rate of the encoder block during training.</summary>
    public double Dropout { get; init; }

    /// <inheritdoc/>
    protected override int MinInputs => 2;

    /// <inheritdoc/>
    protected override int MaxInputs => 3;

    private TransformerEncoderBlock Encoder => new(Heads, KeyDim, MlpUnits, Dropout);

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (PairUnits is null) throw new ModelBuildException($"{where}: pairUnits must be a list (empty for a single Dense to the heads).");
        foreach (int u in PairUnits) ConvGeometry.RequirePositive(u, "every pairUnits entry", where);
        Encoder.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape x = Single(inputs), pairs = inputs[1];
        ConvGeometry.RequireRank(x, 2, where, "(particles, features)");
        if (pairs.Rank != 3 || pairs[0] != x[0] || pairs[1] != x[0])
            throw new ModelBuildException($"{where}: the pairwise features (second input) must have shape ({x[0]}, {x[0]}, pairFeatures), got {pairs}.");
        if (inputs.Count == 3) PaddingMask.Require(inputs[2], x[0], where, "particle");
        return Encoder.Apply(EncoderInputs(inputs), where);
    }

    private List<Shape> EncoderInputs(IReadOnlyList<Shape> inputs)
    {
        Shape x = inputs[0];
        var shapes = new List<Shape> { x };
        if (inputs.Count == 3) shapes.Add(inputs[2]);
        shapes.Add(new Shape(Heads, x[0], x[0]));
        return shapes;
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape x = Single(inputs), pairs = inputs[1];
        var block = new Module(name, inputs.Count == 3);
        int width = pairs[2];
        for (int i = 0; i < PairUnits.Count; i++)
        {
            string part = $"pair_{i + 1}";
            block.Pair.Add(block.Adopt(part, new Dense(PairUnits[i], Activation.Gelu).CompileModule(part, [new Shape(x[0], x[0], width)], context)));
            width = PairUnits[i];
        }
        block.Pair.Add(block.Adopt("pair_out", new Dense(Heads).CompileModule("pair_out", [new Shape(x[0], x[0], width)], context)));
        block.Encoder = block.Adopt("encoder", Encoder.CompileModule("encoder", EncoderInputs(inputs), context));
        return block;
    }

    private sealed class Module(string name, bool masked) : LayerModule(name)
    {
        public List<LayerModule> Pair { get; } = [];

        public LayerModule Encoder { get; set; } = null!;

        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            Tensor x = inputs[0], bias = inputs[1];
            foreach (var layer in Pair) bias = layer.Forward([bias]);
            bias = bias.permute(0, 3, 1, 2);                                                    // (N, heads, P, P)
            if (!masked) return Encoder.Forward([x, bias]).MoveToOuterDisposeScope();
            Tensor real = PaddingMask.AsBool(inputs[2]);
            // A jet without real particles attends over all (zero) rows instead of none, so that no NaN arises; its
            // outputs are zeroed below.
            Tensor keys = real.logical_or(real.any(1, keepdim: true).logical_not());
            Tensor y = Encoder.Forward([x, keys, bias]);
            return y.mul(real.unsqueeze(2).to_type(y.dtype)).MoveToOuterDisposeScope();
        }

        public override Tensor? RegularizationLoss() =>
            Pair.Append(Encoder).Aggregate((Tensor?)null, (sum, m) => Sum(sum, m.RegularizationLoss()));
    }
}
