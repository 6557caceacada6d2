using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// Multi-head scaled dot-product attention (Keras <c>MultiHeadAttention(num_heads, key_dim)</c>, torch's
/// <c>nn.MultiheadAttention(batch_first=True)</c>), on (steps, features) samples. Inputs, in this order, told apart by
/// their rank: the query (queries, features), rank 2; optionally the key/value sequence (keys, kvFeatures), rank 2,
/// else the query attends to itself (self-attention); optionally a key-padding mask (keys,), rank 1, true for real
/// keys (e.g. from <see cref="Masking"/>; torch's <c>key_padding_mask</c> is its negation); optionally an additive
/// attention bias per head (heads, queries, keys), rank 3, added to the scaled scores before the softmax (torch's float
/// <c>attn_mask</c> of shape (N·heads, queries, keys); ParT's pairwise-interaction bias). The output has the query's
/// shape: each head projects to <see cref="KeyDim"/> features, and <c>out_proj</c> maps the heads·keyDim
/// concatenation back to the query's features.
/// </summary>
/// <remarks>
/// Parameters as torch's: <c>in_proj_weight</c> (3·heads·keyDim, features) when the query and key/value features both
/// equal heads·keyDim (torch's condition <c>kdim == vdim == embed_dim</c>), else <c>q_proj_weight</c>,
/// <c>k_proj_weight</c>, <c>v_proj_weight</c>; <c>in_proj_bias</c> (3·heads·keyDim); <c>out_proj.weight</c>,
/// <c>out_proj.bias</c>. Initialisation as torch (xavier uniform projections, zero biases, out_proj weight uniform
/// ±1/sqrt(heads·keyDim)) with the Torch preset; glorot uniform and zeros with Keras. A query whose keys are all masked
/// gives NaN, as in torch.
/// </remarks>
public sealed record MultiHeadAttention : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="heads">Number of attention heads; positive.</param>
    /// <param name="keyDim">Features per head of the query and key projections (and of the value projection); positive.</param>
    /// <param name="dropout">Dropout rate on the attention weights during training, in [0, 1). <value>Default 0.</value></param>
    public MultiHeadAttention(int heads, int keyDim, double dropout = 0)
    {
        Heads = heads;
        KeyDim = keyDim;
        Dropout = dropout;
    }

    /// <summary>Number of attention heads.</summary>
    public int Heads { get; init; }

    /// <summary>Features per head.</summary>
    public int KeyDim { get; init; }

    /// <summary>Dropout rate on the attention weights during training.</summary>
    public double Dropout { get; init; }

    /// <inheritdoc/>
    protected override int MaxInputs => 4;

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.RequirePositive(Heads, "heads", where);
        ConvGeometry.RequirePositive(KeyDim, "keyDim", where);
        if (!(Dropout >= 0 && Dropout < 1)) throw new ModelBuildException($"{where}: dropout must be in [0, 1), got {Dropout}.");
    }

    /// <summary>Which input is which: the query, then the key/value sequence, mask and bias where given.</summary>
    private readonly record struct Roles(Shape Query, Shape KeyValue, int? KeyValueIndex, int? MaskIndex, int? BiasIndex);

    private Roles Assign(IReadOnlyList<Shape> inputs, string where)
    {
        Shape query = inputs[0];
        if (query.Rank != 2)
            throw new ModelBuildException($"{where}: expects the query (first input) of shape (steps, features) (batch excluded), got {query}.");
        int? kv = null, mask = null, bias = null;
        int next = 1;
        if (next < inputs.Count && inputs[next].Rank == 2) kv = next++;
        if (next < inputs.Count && inputs[next].Rank == 1) mask = next++;
        if (next < inputs.Count && inputs[next].Rank == 3) bias = next++;
        if (next < inputs.Count)
            throw new ModelBuildException(
                $"{where}: input {next + 1} has shape {inputs[next]}; the inputs are the query (steps, features), then optionally " +
                $"the key/value sequence (keys, features), a key-padding mask (keys,) and an attention bias (heads, queries, keys), in this order. " +
                $"Got {string.Join(", ", inputs)}.");
        Shape keyValue = kv is { } k ? inputs[k] : query;
        if (mask is { } m) PaddingMask.Require(inputs[m], keyValue[0], where, "key");
        if (bias is { } b && !inputs[b].Equals(new Shape(Heads, query[0], keyValue[0])))
            throw new ModelBuildException($"{where}: the attention bias must have shape ({Heads}, {query[0]}, {keyValue[0]}) (heads, queries, keys), got {inputs[b]}.");
        return new Roles(query, keyValue, kv, mask, bias);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Assign(inputs, where);
        return inputs[0];
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new Module(name, this, Assign(inputs, name), context);

    private sealed class Module : LayerModule
    {
        private readonly MultiHeadAttention layer;
        private readonly Roles roles;
        private readonly TorchSharp.Modules.Parameter? inProj, qProj, kProj, vProj;
        private readonly TorchSharp.Modules.Parameter inBias;
        private readonly TorchSharp.Modules.Linear outProj;

        public Module(string name, MultiHeadAttention layer, Roles roles, BuildContext context) : base(name)
        {
            this.layer = layer;
            this.roles = roles;
            int inner = layer.Heads * layer.KeyDim, dq = roles.Query[-1], dkv = roles.KeyValue[-1];
            bool keras = context.Preset == InitPreset.Keras;
            Initializer glorot = Initializer.GlorotUniform;
            if (dq == inner && dkv == inner)
            {
                // torch's packed projection: xavier over the whole (3E, E) matrix; Keras: glorot per projection.
                inProj = context.Parameter([3L * inner, dq], glorot, dq, keras ? inner : 3L * inner);
                if (keras)
                {
                    using var noGrad = no_grad();
                    for (int i = 0; i < 3; i++) glorot.Fill(inProj.narrow(0, (long)i * inner, inner), dq, inner, context.Generator);
                }
                register_parameter("in_proj_weight", inProj);
            }
            else
            {
                qProj = context.Parameter([inner, dq], glorot, dq, inner);
                kProj = context.Parameter([inner, dkv], glorot, dkv, inner);
                vProj = context.Parameter([inner, dkv], glorot, dkv, inner);
                register_parameter("q_proj_weight", qProj);
                register_parameter("k_proj_weight", kProj);
                register_parameter("v_proj_weight", vProj);
            }
            inBias = context.Parameter([3L * inner], Initializer.Zeros, inner, inner);
            register_parameter("in_proj_bias", inBias);
            outProj = nn.Linear(inner, dq);
            using (no_grad())
            {
                (keras ? glorot : Initializer.TorchDefault).Fill(outProj.weight!, inner, dq, context.Generator);
                outProj.bias!.zero_();
            }
            register_module("out_proj", outProj);
        }

        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            int heads = layer.Heads, keyDim = layer.KeyDim, inner = heads * keyDim;
            Tensor query = inputs[0];
            Tensor keyValue = roles.KeyValueIndex is { } k ? inputs[k] : query;
            long n = query.shape[0], lq = query.shape[1], lk = keyValue.shape[1];
            Tensor wq = inProj is null ? qProj! : inProj.narrow(0, 0, inner);
            Tensor wk = inProj is null ? kProj! : inProj.narrow(0, inner, inner);
            Tensor wv = inProj is null ? vProj! : inProj.narrow(0, 2L * inner, inner);
            // Projections split into heads: (N, L, heads·keyDim) -> (N, heads, L, keyDim).
            Tensor q = F.linear(query, wq, inBias.narrow(0, 0, inner)).view(n, lq, heads, keyDim).transpose(1, 2);
            Tensor key = F.linear(keyValue, wk, inBias.narrow(0, inner, inner)).view(n, lk, heads, keyDim).transpose(1, 2);
            Tensor v = F.linear(keyValue, wv, inBias.narrow(0, 2L * inner, inner)).view(n, lk, heads, keyDim).transpose(1, 2);
            Tensor scores = q.matmul(key.transpose(2, 3)).div(Math.Sqrt(keyDim));                 // (N, heads, Lq, Lk)
            if (roles.BiasIndex is { } b) scores = scores.add(inputs[b]);
            if (roles.MaskIndex is { } m)
                scores = scores.masked_fill(PaddingMask.AsBool(inputs[m]).logical_not().view(n, 1, 1, lk), double.NegativeInfinity);
            Tensor weights = scores.softmax(-1);
            if (layer.Dropout > 0 && training) weights = F.dropout(weights, layer.Dropout, training: true);
            Tensor heads_ = weights.matmul(v).transpose(1, 2).reshape(n, lq, inner);               // heads concatenated
            return outProj.forward(heads_).MoveToOuterDisposeScope();
        }
    }
}
