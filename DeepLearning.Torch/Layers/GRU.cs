using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A gated recurrent unit layer (Keras <c>GRU</c>, torch's <c>nn.GRU(batch_first=True)</c>, whose reset gate acts
/// after the recurrent matrix product, Keras' <c>reset_after=True</c>): (steps, features) → (units,), or
/// (steps, units) with <c>returnSequences</c>; a padding mask as second input is honoured. Parameters as torch's:
/// <c>weight_ih_l0</c> (3·units, features), <c>weight_hh_l0</c> (3·units, units), <c>bias_ih_l0</c>, <c>bias_hh_l0</c>
/// (3·units), gates in torch's order (reset, update, new). See <see cref="Recurrent"/>.
/// </summary>
public sealed record GRU : Recurrent
{
    /// <summary>Creates the description.</summary>
    /// <param name="units">Number of hidden units; positive.</param>
    /// <param name="returnSequences">Whether to return every step's output. <value>Default false: the last step's.</value></param>
    public GRU(int units, bool returnSequences = false) : base(units, returnSequences)
    {
    }

    private protected override nn.Module CreateModule(int features) => nn.GRU(features, Units, batchFirst: true);

    private protected override Tensor Run(nn.Module module, Tensor input)
    {
        var (output, h) = ((TorchSharp.Modules.GRU)module).forward(input);
        h.Dispose();
        return output;
    }
}
