using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The mean over one axis of (steps, features) samples: by default over the steps (particles), giving (features,);
/// see <see cref="GlobalPooling1D"/> for the axis.
/// </summary>
public sealed record GlobalAveragePooling1D : GlobalPooling1D
{
    /// <summary>Creates the description.</summary>
    /// <param name="axis">The sample axis averaged over. <value>Default 0: the steps of (steps, features).</value></param>
    public GlobalAveragePooling1D(int axis = 0) : base(axis)
    {
    }

    private protected override Tensor Pool(Tensor input, long dim) => input.mean([dim]);
}
