using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// Batch normalisation over the channel axis (dimension 1 in torch layout) for inputs (C,), (C, L) or (C, H, W).
/// Parameters <c>weight</c> (γ) and <c>bias</c> (β); buffers <c>running_mean</c> and <c>running_var</c>, counted as
/// non-trainable parameters as Keras counts them.
/// </summary>
public sealed record BatchNormalization : Normalization
{
    /// <summary>Creates the description.</summary>
    /// <param name="momentum">
    /// Keras convention: the weight of the old running average, <c>running = momentum · running + (1 − momentum) · batch</c>
    /// (torch's momentum is 1 − this), in [0, 1). <value>Default: 0.99 with the Keras preset, 0.9 (torch 0.1) with Torch.</value>
    /// </param>
    /// <param name="epsilon">Added to the variance; positive. <value>Default: 1e-3 with the Keras preset, 1e-5 with Torch.</value></param>
    /// <param name="center">Whether to learn the offset β. <value>Default true.</value></param>
    /// <param name="scale">Whether to learn the scale γ. <value>Default true.</value></param>
    /// <exception cref="ModelBuildException">An option is out of range.</exception>
    public BatchNormalization(double? momentum = null, double? epsilon = null, bool center = true, bool scale = true)
        : base(epsilon, center, scale)
    {
        Momentum = momentum;
    }

    /// <summary>Keras-convention momentum; <c>null</c> for the preset's.</summary>
    public double? Momentum { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (Momentum is { } m && !(m >= 0 && m < 1))
            throw new ModelBuildException($"{where}: momentum must be in [0, 1) (Keras convention), got {m}.");
        base.Validate(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        if (Single(inputs).Rank > 3)
            throw new ModelBuildException($"{where}: expects (C,), (C, L) or (C, H, W), got {Single(inputs)}.");
        return Single(inputs);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        double momentum = Momentum ?? (context.Preset == InitPreset.Keras ? 0.99 : 0.9);
        return new Module(name, Single(inputs)[0], 1 - momentum, EpsilonFor(context), Center, Scale);
    }

    private sealed class Module : AffineNormalizationModule
    {
        private readonly Tensor runningMean;
        private readonly Tensor runningVar;
        private readonly double torchMomentum;
        private readonly double epsilon;

        public Module(string name, int channels, double torchMomentum, double epsilon, bool center, bool scale)
            : base(name, channels, center, scale)
        {
            this.torchMomentum = torchMomentum;
            this.epsilon = epsilon;
            runningMean = zeros(channels);
            runningVar = ones(channels);
            register_buffer("running_mean", runningMean);
            register_buffer("running_var", runningVar);
        }

        public override Tensor Forward(Tensor input) =>
            F.batch_norm(input, runningMean, runningVar, Weight, Bias, training, torchMomentum, epsilon);
    }
}
