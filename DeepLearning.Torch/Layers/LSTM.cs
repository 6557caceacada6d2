using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// A long short-term memory layer (Keras <c>LSTM</c>, torch's <c>nn.LSTM(batch_first=True)</c>): (steps, features) →
/// (units,), or (steps, units) with <c>returnSequences</c>; a padding mask as second input is honoured. Parameters as
/// torch's: <c>weight_ih_l0</c> (4·units, features), <c>weight_hh_l0</c> (4·units, units), <c>bias_ih_l0</c>,
/// <c>bias_hh_l0</c> (4·units), gates in torch's order (input, forget, cell, output). See <see cref="Recurrent"/>.
/// </summary>
public sealed record LSTM : Recurrent
{
    /// <summary>Creates the description.</summary>
    /// <param name="units">Number of hidden units; positive.</param>
    /// <param name="returnSequences">Whether to return every step's output. <value>Default false: the last step's.</value></param>
    public LSTM(int units, bool returnSequences = false) : base(units, returnSequences)
    {
    }

    private protected override bool UnitForgetBias => true;

    private protected override nn.Module CreateModule(int features) => nn.LSTM(features, Units, batchFirst: true);

    private protected override Tensor Run(nn.Module module, Tensor input)
    {
        var (output, h, c) = ((TorchSharp.Modules.LSTM)module).forward(input);
        h.Dispose();
        c.Dispose();
        return output;
    }
}
