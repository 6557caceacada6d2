using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A Deep Sets / Particle Flow Network block (Komiske, Metodiev, Thaler, arXiv:1810.05165), reusable like
/// <see cref="ResidualBlock"/>: a per-particle network Φ (Dense layers on the last axis, the same weights for every
/// particle), a sum over the real particles, and a jet network F (Dense layers): <c>F(Σᵢ Φ(xᵢ))</c>. With
/// <see cref="EnergyWeighted"/> it is the Energy Flow Network <c>F(Σᵢ zᵢ Φ(x̂ᵢ))</c>, the sum weighted by a per-particle
/// weight zᵢ (e.g. the pT fraction) and Φ seeing only the angular features x̂ᵢ (<see cref="PhiFeatures"/>, e.g. Δη, Δφ),
/// which makes the output infrared and collinear safe.
/// </summary>
/// <remarks>
/// Inputs, in this order: the particles (particles, features); with <see cref="EnergyWeighted"/> the weights
/// (particles,); optionally the padding mask (particles,) (true = real, e.g. from <see cref="Masking"/>). Padded rows
/// are left out of the sum, so they change nothing; without a mask every row counts. The output is (units of F's last
/// layer,), or (units of Φ's last layer,) when F is empty (the latent sum itself). Every Dense layer of Φ and F uses
/// <see cref="Activation"/>; add the output layer after the block. Submodules, in order: <c>phi_1</c>, <c>phi_2</c>, ...
/// and <c>f_1</c>, <c>f_2</c>, ..., each a Dense (<c>weight</c>, <c>bias</c>). In PyTorch:
/// <c>F(sum(Φ(x[..., phiFeatures]) * (z · mask)[..., None], dim=1))</c> with Φ and F sequences of Linear + activation.
/// </remarks>
public sealed record ParticleFlowBlock : Layer
{
    /// <summary>Creates the description.</summary>
    /// <param name="phiUnits">Units of the per-particle network's Dense layers, at least one; each positive.</param>
    /// <param name="fUnits">Units of the jet network's Dense layers (may be empty); each positive.</param>
    /// <param name="activation">Activation of every Dense layer. <value>Default relu.</value></param>
    /// <param name="energyWeighted">Whether the sum is weighted by a per-particle weight input (EFN). <value>Default false.</value></param>
    /// <param name="phiFeatures">Indices of the features Φ sees (EFN: the angular ones). <value>Default null: every feature.</value></param>
    /// <param name="kernelRegularizer">Penalty on every kernel. <value>Default none.</value></param>
    public ParticleFlowBlock(IReadOnlyList<int> phiUnits, IReadOnlyList<int> fUnits, Activation? activation = null, bool energyWeighted = false,
        IReadOnlyList<int>? phiFeatures = null, Regularizer? kernelRegularizer = null)
    {
        ArgumentNullException.ThrowIfNull(phiUnits);
        ArgumentNullException.ThrowIfNull(fUnits);
        PhiUnits = phiUnits.ToArray();
        FUnits = fUnits.ToArray();
        Activation = activation ?? Activation.Relu;
        EnergyWeighted = energyWeighted;
        PhiFeatures = phiFeatures?.ToArray();
        KernelRegularizer = kernelRegularizer;
    }

    /// <summary>Units of the per-particle network's Dense layers.</summary>
    public IReadOnlyList<int> PhiUnits { get; init; }
    /// <summary>Units of the jet network's Dense layers.</summary>
    public IReadOnlyList<int> FUnits { get; init; }
    /// <summary>Activation of every Dense layer.</summary>
    public Activation Activation { get; init; }
    /// <summary>Whether the sum is weighted by the second input (the Energy Flow Network).</summary>
    public bool EnergyWeighted { get; init; }
    /// <summary>Indices of the features that Φ sees; <c>null</c> for all.</summary>
    public IReadOnlyList<int>? PhiFeatures { get; init; }
    /// <summary>Penalty on every kernel; <c>null</c> for none.</summary>
    public Regularizer? KernelRegularizer { get; init; }

    /// <inheritdoc/>
    protected override int MaxInputs => 3;

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (PhiUnits is null || PhiUnits.Count == 0) throw new ModelBuildException($"{where}: phiUnits needs at least one layer.");
        if (FUnits is null) throw new ModelBuildException($"{where}: fUnits must be a list (empty for no jet network).");
        foreach (int u in PhiUnits) ConvGeometry.RequirePositive(u, "every phiUnits entry", where);
        foreach (int u in FUnits) ConvGeometry.RequirePositive(u, "every fUnits entry", where);
        if (Activation is null) throw new ModelBuildException($"{where}: activation must not be null.");
        Activation.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape x = Single(inputs);
        ConvGeometry.RequireRank(x, 2, where, "(particles, features)");
        int expected = EnergyWeighted ? 2 : 1;
        if (inputs.Count < expected || inputs.Count > expected + 1)
            throw new ModelBuildException(EnergyWeighted
                ? $"{where}: an energy-weighted block takes the particles, the weights (particles,) and optionally the mask (particles,); got {inputs.Count} input(s)."
                : $"{where}: takes the particles and optionally the mask (particles,); got {inputs.Count} inputs (set energyWeighted for a weight input).");
        if (EnergyWeighted && (inputs[1].Rank != 1 || inputs[1][0] != x[0]))
            throw new ModelBuildException($"{where}: the weights (second input) must have shape ({x[0]},), one per particle, got {inputs[1]}.");
        if (inputs.Count > expected) PaddingMask.Require(inputs[expected], x[0], where, "particle");
        ParticleBlocks.CheckIndices(PhiFeatures, x[1], "phiFeatures", where);
        return new Shape(FUnits.Count > 0 ? FUnits[^1] : PhiUnits[^1]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape x = Single(inputs);
        int particles = x[0], width = PhiFeatures?.Count ?? x[1];
        var block = new Module(name, PhiFeatures, EnergyWeighted ? 1 : null, inputs.Count > (EnergyWeighted ? 2 : 1) ? inputs.Count - 1 : null);
        for (int i = 0; i < PhiUnits.Count; i++)
        {
            string part = $"phi_{i + 1}";
            block.Phi.Add(block.Adopt(part, Layer(PhiUnits[i]).CompileModule(part, [new Shape(particles, width)], context)));
            width = PhiUnits[i];
        }
        for (int i = 0; i < FUnits.Count; i++)
        {
            string part = $"f_{i + 1}";
            block.F.Add(block.Adopt(part, Layer(FUnits[i]).CompileModule(part, [new Shape(width)], context)));
            width = FUnits[i];
        }
        return block;
    }

    private Dense Layer(int units) => new(units, Activation, kernelRegularizer: KernelRegularizer);

    private sealed class Module(string name, IReadOnlyList<int>? phiFeatures, int? weightIndex, int? maskIndex) : LayerModule(name)
    {
        private readonly long[]? selected = phiFeatures?.Select(i => (long)i).ToArray();

        public List<LayerModule> Phi { get; } = [];

        public List<LayerModule> F { get; } = [];

        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            Tensor x = inputs[0];
            Tensor h = selected is null ? x : x.index_select(2, tensor(selected, device: x.device));
            foreach (var layer in Phi) h = layer.Forward([h]);
            // The weight of each particle in the sum: z (EFN) or 1, and 0 for padded rows.
            Tensor? weight = weightIndex is { } w ? inputs[w] : null;
            if (maskIndex is { } m)
            {
                Tensor real = PaddingMask.AsBool(inputs[m]).to_type(h.dtype);
                weight = weight is null ? real : weight.mul(real);
            }
            Tensor pooled = weight is null ? h.sum(1) : h.mul(weight.unsqueeze(2)).sum(1);
            foreach (var layer in F) pooled = layer.Forward([pooled]);
            return pooled.MoveToOuterDisposeScope();
        }

        public override Tensor? RegularizationLoss() => Phi.Concat(F).Aggregate((Tensor?)null, (sum, m) => Sum(sum, m.RegularizationLoss()));
    }
}
