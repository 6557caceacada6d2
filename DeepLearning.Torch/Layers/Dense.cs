using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A fully connected layer: <c>y = activation(x Wᵀ + b)</c> on the last axis of its input, as Keras' Dense and torch's
/// Linear: (features,) becomes (units,), and (particles, features) becomes (particles, units) with the same weights for
/// every particle. Parameters are <c>weight</c> (units, features) and <c>bias</c> (units), as in torch's Linear; its
/// activation's softmax acts on the units.
/// </summary>
public sealed record Dense : WeightedLayer
{
    /// <summary>Creates the description.</summary>
    /// <param name="units">Number of outputs; positive.</param>
    /// <param name="activation">Activation applied to the output. <value>Default none (linear): logits.</value></param>
    /// <param name="useBias">Whether to add a bias. <value>Default true.</value></param>
    /// <param name="kernelInitializer">Weight initializer. <value>Default: the model's preset.</value></param>
    /// <param name="biasInitializer">Bias initializer. <value>Default: the model's preset.</value></param>
    /// <param name="kernelRegularizer">Penalty on the weights. <value>Default none.</value></param>
    /// <param name="biasRegularizer">Penalty on the bias. <value>Default none.</value></param>
    /// <exception cref="ModelBuildException"><paramref name="units"/> is not positive.</exception>
    public Dense(int units, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null)
        : base(activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer)
    {
        Units = units;
    }

    /// <summary>Number of outputs.</summary>
    public int Units { get; init; }

    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        ConvGeometry.RequirePositive(Units, "units", where);
        Activation?.ValidateOptions(where);
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape input = Single(inputs);
        return new Shape([.. input.Dimensions.Take(input.Rank - 1), Units]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new DenseModule(name, this, Single(inputs)[-1], context);

    private sealed class DenseModule : SingleInputModule
    {
        private readonly TorchSharp.Modules.Parameter weight;
        private readonly TorchSharp.Modules.Parameter? bias;
        private readonly ActivationModule? activation;
        private readonly Dense layer;

        public DenseModule(string name, Dense layer, int features, BuildContext context) : base(name)
        {
            this.layer = layer;
            weight = context.Parameter([layer.Units, features], context.KernelInitializer(layer.KernelInitializer, layer.Activation), features, layer.Units);
            register_parameter("weight", weight);
            if (layer.UseBias)
            {
                bias = context.Parameter([layer.Units], context.BiasInitializer(layer.BiasInitializer), features, layer.Units);
                register_parameter("bias", bias);
            }
            activation = ActivationModule.For(layer.Activation, layer.Units, dim: -1);
            if (activation is not null) register_module("activation", activation);
        }

        public override Tensor Forward(Tensor input)
        {
            if (activation is null) return F.linear(input, weight, bias);
            using var scope = NewDisposeScope();
            return activation.Forward(F.linear(input, weight, bias)).MoveToOuterDisposeScope();
        }

        public override Tensor? RegularizationLoss() =>
            Sum(layer.KernelRegularizer?.Penalty(weight), bias is null ? null : layer.BiasRegularizer?.Penalty(bias));
    }
}
