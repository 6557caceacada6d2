using DeepLearning.Torch.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>
/// A layer with weights written outside the library: y = x · scale + shift, one scale and shift per feature (last
/// axis); the scale takes an optional regularizer. Public API only.
/// </summary>
/// <param name="Offset">Initial value of the shift (an option that the JSON description must carry).</param>
/// <param name="ScaleRegularizer">Penalty on the scale.</param>
public sealed record FeatureScale(double Offset = 0, Regularizer? ScaleRegularizer = null) : Layer
{
    protected override void Validate(string where)
    {
        if (!double.IsFinite(Offset)) throw new ModelBuildException($"{where}: offset must be finite, got {Offset}.");
    }

    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        if (inputs[0][-1] < 2) throw new ModelBuildException($"{where}: needs at least 2 features, got {inputs[0]}.");
        return inputs[0];
    }

    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        new Module(name, inputs[0][-1], this, context);

    private sealed class Module : SingleInputModule
    {
        private readonly TorchSharp.Modules.Parameter scale;
        private readonly TorchSharp.Modules.Parameter shift;
        private readonly Regularizer? regularizer;

        public Module(string name, int features, FeatureScale layer, BuildContext context) : base(name)
        {
            // The scale follows the model's preset and seed; the shift starts at the option's value.
            scale = context.Parameter([features], context.KernelInitializer(null, null), features, features);
            shift = context.Parameter([features], Initializer.Constant(layer.Offset), features, features);
            register_parameter("scale", scale);
            register_parameter("shift", shift);
            regularizer = layer.ScaleRegularizer;
        }

        public override Tensor Forward(Tensor input) => input.mul(scale).add(shift);

        public override Tensor? RegularizationLoss() => regularizer?.Penalty(scale);
    }
}
