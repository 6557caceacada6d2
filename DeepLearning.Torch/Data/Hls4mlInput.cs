namespace DeepLearning.Torch.Data;

/// <summary>Which array of an HLS4ML jet file a stream (<see cref="Hdf5Dataset.Hls4ml"/>) hands out as features.</summary>
public enum Hls4mlInput
{
    /// <summary>The high-level jet features (N, K): the columns of <c>jets</c> without the one-hot labels.</summary>
    Features,

    /// <summary>The particle list <c>jetConstituentList</c> (N, P, F).</summary>
    Constituents,

    /// <summary>The jet images <c>jetImage</c> as (N, 1, H, W).</summary>
    Images,
}
