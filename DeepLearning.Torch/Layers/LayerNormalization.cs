using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// Layer normalisation over the last axis (Keras <c>LayerNormalization</c>; torch's <c>nn.LayerNorm(features)</c>, whose
/// <c>layer_norm</c> kernel it calls): each sample's, or each particle's, features are shifted to mean 0 and scaled to
/// variance 1 (biased variance), then multiplied by <c>weight</c> (γ) and shifted by <c>bias</c> (β), one per feature.
/// Works on samples of any rank; the same in training and evaluation (no running statistics).
/// </summary>
public sealed record LayerNormalization : Normalization
{
    /// <summary>Creates the description.</summary>
    /// <param name="epsilon">Added to the variance; positive. <value>Default: 1e-3 with the Keras preset, 1e-5 with Torch.</value></param>
    /// <param name="center">Whether to learn the offset β. <value>Default true.</value></param>
    /// <param name="scale">Whether to learn the scale γ. <value>Default true.</value></param>
    public LayerNormalization(double? epsilon = null, bool center = true, bool scale = true) : base(epsilon, center, scale)
    {
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => Single(inputs);

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new Module(name, Single(inputs)[-1], EpsilonFor(context), Center, Scale);

    private sealed class Module : AffineNormalizationModule
    {
        private readonly long[] normalized;
        private readonly double epsilon;

        public Module(string name, int features, double epsilon, bool center, bool scale) : base(name, features, center, scale)
        {
            normalized = [features];
            this.epsilon = epsilon;
        }

        public override Tensor Forward(Tensor input) => F.layer_norm(input, normalized, Weight, Bias, epsilon);
    }
}
