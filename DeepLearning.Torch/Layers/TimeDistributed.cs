using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// Applies <see cref="Layer"/> to every entry along the first sample axis with the same weights (Keras
/// <c>TimeDistributed</c>): for (steps, ...) samples the wrapped layer sees (...) and the output is (steps, ...its output).
/// With (particles, features) samples it is a per-particle network, e.g. a convolution per time step of (T, C, H, W)
/// video or a Flatten per row. The wrapped layer's module is the child <c>layer</c> (<c>time_distributed.layer.weight</c>).
/// Dense, Activation, Dropout and LayerNormalization act on the last axis themselves and need no wrapper.
/// </summary>
/// <param name="Layer">The single-input layer applied to each entry.</param>
public sealed record TimeDistributed(Layer Layer) : Layer
{
    /// <inheritdoc/>
    protected override void Validate(string where)
    {
        if (Layer is null) throw new ModelBuildException($"{where}: no layer to distribute.");
        if (Layer.IsMerge || Layer is Input)
            throw new ModelBuildException($"{where}: wraps a single-input layer; got {Layer.TypeName}.");
    }

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape input = Single(inputs);
        if (input.Rank < 2)
            throw new ModelBuildException($"{where}: expects samples of shape (steps, ...) with at least 2 axes, got {input}.");
        Shape inner = Layer.Apply([Entry(input)], $"{where}, wrapped {Layer.Where}");
        return new Shape([input[0], .. inner.Dimensions]);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        Shape output = InferShape(inputs, name);
        return new Module(name, Layer.CompileModule("layer", [Entry(Single(inputs))], context), output);
    }

    private static Shape Entry(Shape input) => new([.. input.Dimensions.Skip(1)]);

    private sealed class Module : SingleInputModule
    {
        private readonly LayerModule inner;
        private readonly long[] output;

        public Module(string name, LayerModule inner, Shape output) : base(name)
        {
            this.inner = inner;
            this.output = output.Dimensions.Select(d => (long)d).ToArray();
            register_module("layer", inner);
        }

        public override Tensor Forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            long batch = input.shape[0];
            // Steps join the batch, the wrapped layer runs once, and the steps are split off again.
            Tensor merged = input.reshape([batch * input.shape[1], .. input.shape.Skip(2)]);
            Tensor y = inner.Forward([merged]);
            return y.reshape([batch, .. output]).MoveToOuterDisposeScope();
        }

        public override Tensor? RegularizationLoss() => inner.RegularizationLoss();
    }
}
