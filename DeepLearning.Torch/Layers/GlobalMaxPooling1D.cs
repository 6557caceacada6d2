using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The maximum over one axis of (steps, features) samples: by default over the steps (particles), giving (features,);
/// see <see cref="GlobalPooling1D"/> for the axis. With a mask, the maximum over the real rows only (zeros for a sample
/// without any).
/// </summary>
public sealed record GlobalMaxPooling1D : GlobalPooling1D
{
    /// <summary>Creates the description.</summary>
    /// <param name="axis">The sample axis maximised over. <value>Default 0: the steps of (steps, features).</value></param>
    public GlobalMaxPooling1D(int axis = 0) : base(axis)
    {
    }

    private protected override Tensor Pool(Tensor input, long dim, Tensor? mask)
    {
        if (mask is null) return input.amax([dim]);
        // Padding rows become -inf and never win; a sample without real rows gives 0, not -inf.
        Tensor max = input.masked_fill(mask.logical_not(), double.NegativeInfinity).amax([dim]);
        return max.masked_fill(mask.any(dim).logical_not(), 0);
    }
}
