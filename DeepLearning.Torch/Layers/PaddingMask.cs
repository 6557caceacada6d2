using static TorchSharp.torch;

namespace DeepLearning.Torch.Layers;

/// <summary>
/// The rules shared by the layers that take a padding mask as their second input (mask-aware pooling, LSTM, GRU,
/// MultiHeadAttention): the mask is a (steps,) sample, batches (N, steps), true (or non-zero) where a step or particle
/// is real and false where it is padding, as Keras' masks; <see cref="Masking"/> computes it from the data.
/// </summary>
internal static class PaddingMask
{
    /// <summary>Checks that <paramref name="mask"/> is a (steps,) mask for <paramref name="steps"/> steps.</summary>
    public static void Require(Shape mask, int steps, string where, string what)
    {
        if (mask.Rank != 1 || mask[0] != steps)
            throw new ModelBuildException($"{where}: the mask (second input) must have shape ({steps},), one entry per {what} of the first input, got {mask}.");
    }

    /// <summary>The mask as a bool tensor (true = real); float or integer masks count non-zero entries as real.</summary>
    public static Tensor AsBool(Tensor mask) => mask.dtype == ScalarType.Bool ? mask.alias() : mask.ne(0);
}
