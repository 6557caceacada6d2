using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The mean over one axis of (steps, features) samples: by default over the steps (particles), giving (features,);
/// see <see cref="GlobalPooling1D"/> for the axis. With a mask, the mean over the real rows only.
/// </summary>
public sealed record GlobalAveragePooling1D : GlobalPooling1D
{
    /// <summary>Creates the description.</summary>
    /// <param name="axis">The sample axis averaged over. <value>Default 0: the steps of (steps, features).</value></param>
    public GlobalAveragePooling1D(int axis = 0) : base(axis)
    {
    }

    // With a mask: the sum of the real rows over their count (at least 1, so that an empty sample gives zeros).
    private protected override Tensor Pool(Tensor input, long dim, Tensor? mask) => mask is null
        ? input.mean([dim])
        : MaskedSum(input, dim, mask).div(mask.sum([dim], type: input.dtype).clamp_min(1));
}
