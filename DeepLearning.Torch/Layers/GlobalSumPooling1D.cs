using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The sum over one axis of (steps, features) samples: by default over the particles, giving (features,), the pooling
/// of Deep Sets and Particle Flow Networks; see <see cref="GlobalPooling1D"/> for the axis. With a mask, the sum over
/// the real rows only. (Keras has no such layer; it is <c>x.sum(1)</c> in torch.)
/// </summary>
public sealed record GlobalSumPooling1D : GlobalPooling1D
{
    /// <summary>Creates the description.</summary>
    /// <param name="axis">The sample axis summed over. <value>Default 0: the steps of (steps, features).</value></param>
    public GlobalSumPooling1D(int axis = 0) : base(axis)
    {
    }

    private protected override Tensor Pool(Tensor input, long dim, Tensor? mask) =>
        mask is null ? input.sum([dim]) : MaskedSum(input, dim, mask);
}
