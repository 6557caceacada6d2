using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The pairwise features of Particle Transformer (Qu, Li, Qian, arXiv:2202.03772) for every pair of particles, from
/// their four-vectors (E, px, py, pz): <c>ln Δ</c>, <c>ln kT</c>, <c>ln z</c> and <c>ln m²</c> with
/// Δ = √((yₐ − y_b)² + (φₐ − φ_b)²) (rapidity y, φ wrapped to [−π, π]), kT = min(pTₐ, pT_b)·Δ,
/// z = min(pTₐ, pT_b)/(pTₐ + pT_b) and m² = (Eₐ + E_b)² − |pₐ + p_b|², each logarithm of the value clamped to at least
/// 1e-8, as ParT does. Input (particles, 4); optionally the padding mask (particles,) (true = real), else a particle
/// is real when its pT is positive. Output (particles, particles, 4), zero on the diagonal and for every pair with a
/// padded particle; computed in float64 and returned as float32. No weights: feed it to <see cref="ParticleAttentionBlock"/>.
/// </summary>
public sealed record ParticlePairFeatures : Layer
{
    /// <summary>Number of features per pair (ln Δ, ln kT, ln z, ln m²).</summary>
    public const int Count = 4;

    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape x = Single(inputs);
        if (x.Rank != 2 || x[1] != 4)
            throw new ModelBuildException($"{where}: expects four-vectors of shape (particles, 4) as (E, px, py, pz) (batch excluded), got {x}.");
        if (inputs.Count == 2) PaddingMask.Require(inputs[1], x[0], where, "particle");
        return new Shape(x[0], x[0], Count);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name);

    private sealed class Module(string name) : LayerModule(name)
    {
        private const double Floor = 1e-8;

        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            Tensor v = inputs[0].to_type(ScalarType.Float64);
            Tensor e = v.select(2, 0), px = v.select(2, 1), py = v.select(2, 2), pz = v.select(2, 3);
            Tensor pt = px.square().add(py.square()).sqrt();
            Tensor real = inputs.Count > 1 ? PaddingMask.AsBool(inputs[1]) : pt.gt(0);
            Tensor rapidity = e.add(pz).clamp_min(Floor).div(e.sub(pz).clamp_min(Floor)).log().mul(0.5);
            Tensor phi = py.atan2(px);
            Tensor dy = rapidity.unsqueeze(2).sub(rapidity.unsqueeze(1));
            Tensor dphi = phi.unsqueeze(2).sub(phi.unsqueeze(1)).add(Math.PI).remainder(2 * Math.PI).sub(Math.PI);
            Tensor delta = dy.square().add(dphi.square()).sqrt();
            Tensor ptMin = minimum(pt.unsqueeze(2), pt.unsqueeze(1));
            Tensor kt = ptMin.mul(delta);
            Tensor z = ptMin.div(pt.unsqueeze(2).add(pt.unsqueeze(1)).clamp_min(Floor));
            Tensor sum = v.unsqueeze(2).add(v.unsqueeze(1));                                      // (N, P, P, 4)
            Tensor m2 = sum.select(3, 0).square().sub(sum.narrow(3, 1, 3).square().sum(3));
            Tensor features = stack([delta, kt, z, m2], 3).clamp_min(Floor).log();
            long p = v.shape[1];
            Tensor pairs = real.unsqueeze(2).logical_and(real.unsqueeze(1))
                .logical_and(eye(p, dtype: ScalarType.Bool, device: v.device).logical_not().unsqueeze(0));
            return features.mul(pairs.unsqueeze(3).to_type(ScalarType.Float64)).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
        }
    }
}
