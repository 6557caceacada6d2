using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The EdgeConv block of ParticleNet (Qu, Gouskos, arXiv:1902.08570; Dynamic Graph CNN), reusable like
/// <see cref="ResidualBlock"/>. For each particle i: its <see cref="K"/> nearest neighbours j in the chosen coordinates
/// (Euclidean distance), the edge features (xᵢ, xⱼ − xᵢ), a shared MLP on every edge (Dense without bias → batch norm →
/// activation per entry of <see cref="Channels"/>), the mean over the neighbours, plus a shortcut (the input, or a Dense
/// projection without bias with batch norm when the widths differ), then the activation:
/// <c>yᵢ = act(shortcut(xᵢ) + meanⱼ MLP(xᵢ, xⱼ − xᵢ))</c>.
/// </summary>
/// <remarks>
/// <para>Inputs, told apart by their rank: the features (particles, features); optionally the coordinates
/// (particles, dims) to find neighbours in (ParticleNet's first block: Δη, Δφ); optionally the padding mask
/// (particles,) (true = real). Without a coordinate input the neighbours are found in <see cref="CoordinateFeatures"/>
/// of the features, or in all features (ParticleNet's later blocks). The output is (particles, last channel).</para>
/// <para>Padding, done with the mask rather than ParticleNet's far-away points: a padded particle is never a
/// neighbour, a particle is never its own neighbour, and a particle with fewer than k real neighbours averages over
/// those it has; the batch statistics of every batch norm count only real edges (real i, real j) and real particles;
/// padded particles' outputs are zero. So padded rows, and their number, change nothing of the real particles' outputs,
/// in training and evaluation.</para>
/// <para>Submodules: <c>mlp_1</c>, <c>bn_1</c>, <c>mlp_2</c>, <c>bn_2</c>, ... (Dense <c>weight</c> (out, in), the
/// weights of ParticleNet's 1×1 Conv2d squeezed; batch norms with <c>weight</c>, <c>bias</c>, <c>running_mean</c>,
/// <c>running_var</c>), and <c>shortcut</c>, <c>shortcut_bn</c> when projecting. Without batch norm the Dense layers have
/// biases. Momentum and epsilon follow the model's preset (torch 0.1 and 1e-5).</para>
/// </remarks>
public sealed record EdgeConvBlock : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="k">Neighbours per particle; positive, below the number of particles.</param>
    /// <param name="channels">Widths of the edge MLP's layers, at least one; each positive (ParticleNet: [64, 64, 64]).</param>
    /// <param name="coordinateFeatures">Feature indices to find neighbours in, when no coordinate input is given. <value>Default null: every feature.</value></param>
    /// <param name="batchNormalization">Whether each MLP layer and the shortcut projection are batch normalised. <value>Default true.</value></param>
    /// <param name="activation">Activation after each MLP layer and after the sum. <value>Default relu.</value></param>
    /// <param name="kernelRegularizer">Penalty on every kernel. <value>Default none.</value></param>
    public EdgeConvBlock(int k, IReadOnlyList<int> channels, IReadOnlyList<int>? coordinateFeatures = null, bool batchNormalization = true,
        Activation? activation = null, Regularizer? kernelRegularizer = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        K = k;
        Channels = channels.ToArray();
        CoordinateFeatures = coordinateFeatures?.ToArray();
        BatchNormalization = batchNormalization;
        Activation = activation ?? Activation.Relu;
        KernelRegularizer = kernelRegularizer;
    }

    /// <summary>Neighbours per particle.</summary>
    public int K { get; init; }
    /// <summary>Widths of the edge MLP's layers.</summary>
    public IReadOnlyList<int> Channels { get; init; }
    /// <summary>Feature indices the neighbours are found in; <c>null</c> for every feature (or the coordinate input).</summary>
    public IReadOnlyList<int>? CoordinateFeatures { get; init; }
    /// <summary>Whether the MLP layers and the shortcut projection are batch normalised.</summary>
    public bool BatchNormalization { get; init; }
    /// <summary>Activation after each MLP layer and after the sum.</summary>
    public Activation Activation { get; init; }
    /// <summary>Penalty on every kernel; <c>null</c> for none.</summary>
    public Regularizer? KernelRegularizer { get; init; }

    /// <inheritdoc/>
    protected override int MaxInputs => 3;

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.RequirePositive(K, "k", where);
        if (Channels is null || Channels.Count == 0) throw new ModelBuildException($"{where}: channels needs at least one layer.");
        foreach (int c in Channels) ConvGeometry.RequirePositive(c, "every channels entry", where);
        if (Activation is null) throw new ModelBuildException($"{where}: activation must not be null.");
        Activation.ValidateOptions(where);
        if (Activation.Kind is ActivationKind.PRelu or ActivationKind.Softmax)
            throw new ModelBuildException($"{where}: the activation must be elementwise (relu, gelu, ...), got {Activation.Kind}.");
    }

    private readonly record struct Roles(int? CoordinateIndex, int? MaskIndex);

    private Roles Assign(IReadOnlyList<Shape> inputs, string where)
    {
        Shape x = Single(inputs);
        ConvGeometry.RequireRank(x, 2, where, "(particles, features)");
        int? coordinates = null, mask = null;
        int next = 1;
        if (next < inputs.Count && inputs[next].Rank == 2) coordinates = next++;
        if (next < inputs.Count && inputs[next].Rank == 1) mask = next++;
        if (next < inputs.Count)
            throw new ModelBuildException($"{where}: the inputs are the features (particles, features), then optionally the coordinates (particles, dims) " +
                $"and the mask (particles,), in this order; got {string.Join(", ", inputs)}.");
        if (coordinates is { } c)
        {
            if (inputs[c][0] != x[0])
                throw new ModelBuildException($"{where}: the coordinates (second input) must have one row per particle ({x[0]}), got {inputs[c]}.");
            if (CoordinateFeatures is not null)
                throw new ModelBuildException($"{where}: give the coordinates either as an input or as coordinateFeatures, not both.");
        }
        if (mask is { } m) PaddingMask.Require(inputs[m], x[0], where, "particle");
        ParticleBlocks.CheckIndices(CoordinateFeatures, x[1], "coordinateFeatures", where);
        if (K >= x[0])
            throw new ModelBuildException($"{where}: k = {K} neighbours needs more particles than {x[0]}; use k < {x[0]}.");
        return new Roles(coordinates, mask);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Assign(inputs, where);
        return new Shape(Single(inputs)[0], Channels[^1]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape x = Single(inputs);
        int particles = x[0], features = x[1], width = 2 * features;
        var block = new Module(name, this, Assign(inputs, name));
        for (int i = 0; i < Channels.Count; i++)
        {
            string part = $"mlp_{i + 1}";
            block.Mlp.Add(block.Adopt(part, Linear(Channels[i]).CompileModule(part, [new Shape(particles, width)], context)));
            if (BatchNormalization) block.Norms.Add(block.Adopt($"bn_{i + 1}", new MaskedBatchNormModule($"bn_{i + 1}", Channels[i], context)));
            width = Channels[i];
        }
        if (features != Channels[^1])
        {
            block.Shortcut = block.Adopt("shortcut", Linear(Channels[^1]).CompileModule("shortcut", [x], context));
            if (BatchNormalization) block.ShortcutNorm = block.Adopt("shortcut_bn", new MaskedBatchNormModule("shortcut_bn", Channels[^1], context));
        }
        return block;
    }

    private Dense Linear(int units) => new(units, useBias: !BatchNormalization, kernelRegularizer: KernelRegularizer);

    private sealed class Module : LayerModule
    {
        private readonly EdgeConvBlock layer;
        private readonly Roles roles;
        private readonly ActivationModule activation;
        private readonly long[]? coordinateFeatures;

        public Module(string name, EdgeConvBlock layer, Roles roles) : base(name)
        {
            this.layer = layer;
            this.roles = roles;
            coordinateFeatures = layer.CoordinateFeatures?.Select(i => (long)i).ToArray();
            activation = new ActivationModule("activation", layer.Activation, layer.Channels[^1], dim: -1);
            register_module("activation", activation);
        }

        public List<LayerModule> Mlp { get; } = [];

        public List<LayerModule> Norms { get; } = [];

        public LayerModule? Shortcut { get; set; }

        public LayerModule? ShortcutNorm { get; set; }

        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            Tensor x = inputs[0];
            long n = x.shape[0], p = x.shape[1], c = x.shape[2], k = layer.K;
            Tensor real = ParticleBlocks.RealRows(roles.MaskIndex is { } m ? inputs[m] : null, x);     // (N, P) 0/1
            Tensor neighbours, valid;
            using (no_grad())
            {
                Tensor points = roles.CoordinateIndex is { } ci ? inputs[ci]
                    : coordinateFeatures is null ? x : x.index_select(2, tensor(coordinateFeatures, device: x.device));
                points = points.detach();
                // Squared distances |a|² + |b|² − 2 a·b; padded particles and the particle itself are never neighbours.
                Tensor squares = points.square().sum(-1);
                Tensor distances = squares.unsqueeze(2).add(squares.unsqueeze(1)).sub(points.matmul(points.transpose(1, 2)).mul(2));
                Tensor excluded = real.unsqueeze(1).eq(0).logical_or(eye(p, dtype: ScalarType.Bool, device: x.device).unsqueeze(0));
                distances = distances.masked_fill(excluded, double.PositiveInfinity);
                var (nearest, indices) = distances.topk((int)k, dim: -1, largest: false, sorted: true);
                neighbours = indices;                                                             // (N, P, K)
                // Real edges: a real particle and a real neighbour (a finite distance); fewer than k when the jet is small.
                valid = nearest.isfinite().to_type(x.dtype).mul(real.unsqueeze(2));
            }
            Tensor xj = x.gather(1, neighbours.reshape(n, p * k, 1).expand(n, p * k, c)).reshape(n, p, k, c);
            Tensor xi = x.unsqueeze(2).expand(n, p, k, c);
            Tensor h = cat([xi, xj.sub(xi)], -1);                                                 // (N, P, K, 2C)
            for (int i = 0; i < Mlp.Count; i++)
            {
                h = Mlp[i].Forward([h]);
                if (Norms.Count > 0) h = Norms[i].Forward([h, valid]);
                h = activation.Forward(h);
            }
            Tensor count = valid.sum(2, keepdim: true).clamp_min(1);
            Tensor aggregated = h.mul(valid.unsqueeze(3)).sum(2).div(count);                       // mean over real neighbours
            Tensor shortcut = x;
            if (Shortcut is not null) shortcut = Shortcut.Forward([x]);
            if (ShortcutNorm is not null) shortcut = ShortcutNorm.Forward([shortcut, real]);
            Tensor y = activation.Forward(shortcut.add(aggregated));
            return y.mul(real.unsqueeze(2)).MoveToOuterDisposeScope();
        }

        public override Tensor? RegularizationLoss() =>
            Mlp.Concat(Shortcut is null ? [] : [Shortcut]).Aggregate((Tensor?)null, (sum, m) => Sum(sum, m.RegularizationLoss()));
    }
}
