using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The options shared by <see cref="LSTM"/> and <see cref="GRU"/>: one recurrent layer, batch first, on
/// (steps, features) samples, with <see cref="Units"/> hidden units. The output is the last step's hidden state
/// (units,), or every step's (steps, units) with <see cref="ReturnSequences"/>. An optional second input, a padding
/// mask (steps,) (true = real step, e.g. from <see cref="Masking"/>), honours padding at the end of the sequences: the
/// output is then the hidden state at each sequence's last real step, equal to the unpadded sequence's, and with
/// <see cref="ReturnSequences"/> the padded steps are zeros (as torch's packed sequences give). Real steps must come
/// first: a mask with gaps counts its real steps as the length.
/// </summary>
/// <remarks>
/// The module is torch's <c>nn.LSTM</c> / <c>nn.GRU</c> (TorchSharp), the child <c>module</c>, so the parameters are
/// <c>lstm.module.weight_ih_l0</c>, <c>weight_hh_l0</c>, <c>bias_ih_l0</c>, <c>bias_hh_l0</c>, with torch's gate order and
/// counts. Initialisation: with the Torch preset every parameter is uniform in ±1/sqrt(units), as torch; with the Keras
/// preset the kernels are glorot uniform, the biases zeros and the LSTM's forget-gate bias ones (Keras'
/// <c>unit_forget_bias</c>; Keras' orthogonal recurrent kernel is replaced by glorot uniform).
/// </remarks>
public abstract record Recurrent : Layer
{
    private protected Recurrent(int units, bool returnSequences)
    {
        Units = units;
        ReturnSequences = returnSequences;
    }

    /// <summary>Number of hidden units.</summary>
    public int Units { get; init; }

    /// <summary>Whether the output is every step's hidden state (steps, units) rather than the last one's (units,).</summary>
    public bool ReturnSequences { get; init; }

    /// <summary>Whether the Keras preset opens the forget gate at the start (Keras' <c>unit_forget_bias</c>, LSTM only).</summary>
    private protected virtual bool UnitForgetBias => false;

    /// <summary>Creates torch's recurrent module (batch first).</summary>
    private protected abstract nn.Module CreateModule(int features);

    /// <summary>Runs the module on (N, steps, features) and returns (N, steps, units).</summary>
    private protected abstract Tensor Run(nn.Module module, Tensor input);

    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    /// <inheritdoc/>
    protected override void Validate(string where) => ConvGeometry.RequirePositive(Units, "units", where);

    /// <inheritdoc/>
    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where)
    {
        Shape input = Single(inputs);
        ConvGeometry.RequireRank(input, 2, where, "(steps, features)");
        if (inputs.Count == 2) PaddingMask.Require(inputs[1], input[0], where, "step");
        return ReturnSequences ? new Shape(input[0], Units) : new Shape(Units);
    }

    /// <inheritdoc/>
    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context)
    {
        int features = Single(inputs)[-1];
        nn.Module module = CreateModule(features);
        Initialise(module, features, context);
        return new Module(name, this, module);
    }

    private void Initialise(nn.Module module, int features, BuildContext context)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            bool kernel = name.StartsWith("weight", StringComparison.Ordinal);
            long fanIn = name.StartsWith("weight_ih", StringComparison.Ordinal) ? features : Units;
            Initializer init = context.Preset == InitPreset.Keras
                ? (kernel ? Initializer.GlorotUniform : Initializer.Zeros)
                : Initializer.TorchDefault;
            // torch bounds every parameter by 1/sqrt(hidden size), whatever its fan-in; the fan-out is gates × units,
            // the parameter's rows.
            init.Fill(p, context.Preset == InitPreset.Keras ? fanIn : Units, p.shape[0], context.Generator);
            // Keras' unit_forget_bias: the forget gate (torch's second block of units) starts open.
            if (context.Preset == InitPreset.Keras && UnitForgetBias && name.StartsWith("bias_ih", StringComparison.Ordinal))
                p.narrow(0, Units, Units).fill_(1.0);
        }
    }

    private sealed class Module : LayerModule
    {
        private readonly Recurrent layer;
        private readonly nn.Module module;

        public Module(string name, Recurrent layer, nn.Module module) : base(name)
        {
            this.layer = layer;
            this.module = module;
            register_module("module", module);
        }

        public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            using var scope = NewDisposeScope();
            Tensor output = layer.Run(module, inputs[0]);
            if (inputs.Count == 1)
                return (layer.ReturnSequences ? output : output.select(1, -1)).MoveToOuterDisposeScope();
            Tensor mask = PaddingMask.AsBool(inputs[1]);
            if (layer.ReturnSequences) return output.masked_fill(mask.logical_not().unsqueeze(-1), 0).MoveToOuterDisposeScope();
            // The recurrence is causal, so the state at step length-1 ignores the padding after it.
            Tensor lengths = mask.sum([1], type: ScalarType.Int64);
            Tensor last = lengths.sub(1).clamp_min(0).view(-1, 1, 1).expand(-1, 1, output.shape[2]);
            Tensor result = output.gather(1, last).squeeze(1);
            return result.masked_fill(lengths.eq(0).unsqueeze(-1), 0).MoveToOuterDisposeScope();
        }
    }
}
