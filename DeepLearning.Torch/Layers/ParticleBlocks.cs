using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>Checks and tensor helpers shared by the particle blocks (<see cref="ParticleFlowBlock"/>,
/// <see cref="EdgeConvBlock"/>, <see cref="ParticleAttentionBlock"/>).</summary>
internal static class ParticleBlocks
{
    /// <summary>Checks that <paramref name="indices"/> (when given) are distinct feature indices below <paramref name="features"/>.</summary>
    public static void CheckIndices(IReadOnlyList<int>? indices, int features, string option, string where)
    {
        if (indices is null) return;
        if (indices.Count == 0) throw new ModelBuildException($"{where}: {option} is empty; give at least one feature index, or null for every feature.");
        foreach (int i in indices)
        {
            if (i < 0 || i >= features)
                throw new ModelBuildException($"{where}: {option} index {i} is out of range for {features} features (0..{features - 1}); got [{string.Join(", ", indices)}].");
        }
        if (indices.Distinct().Count() != indices.Count)
            throw new ModelBuildException($"{where}: {option} repeats an index: [{string.Join(", ", indices)}].");
    }

    /// <summary>The mask input as float 0/1 of shape (N, particles), or all ones when there is none.</summary>
    public static Tensor RealRows(Tensor? mask, Tensor x) =>
        mask is null ? ones(x.shape[0], x.shape[1], dtype: x.dtype, device: x.device) : PaddingMask.AsBool(mask).to_type(x.dtype);

    /// <summary>Lists the integer entries for messages.</summary>
    public static string List(IReadOnlyList<int> values) => "[" + string.Join(", ", values) + "]";
}
