using DeepLearning.Torch.Data;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>Picks log-probabilities of the target classes for index or one-hot targets.</summary>
internal static class ClassTargets
{
    /// <param name="name">The loss, for messages.</param>
    /// <param name="logProbabilities">Log-probabilities [B, C].</param>
    /// <param name="target">Class indices [B] or rows [B, C].</param>
    /// <param name="targetsChecked">The targets were checked once for the whole dataset: convert indices without the
    /// value check (a read from the device).</param>
    /// <param name="mean">Return the mean over the batch [] instead of the values per sample [B].</param>
    internal static Tensor NegativeLogLikelihood(string name, Tensor logProbabilities, Tensor target, bool targetsChecked = false,
        bool mean = false)
    {
        long classes = logProbabilities.shape[1];
        if (target.dim() == 1)
        {
            var index = !targetsChecked ? ClassLabels.ToIndices(target, classes, nameof(target), name)
                : target.dtype == ScalarType.Int64 ? target : target.to_type(ScalarType.Int64);
            // The mean as nll_loss computes it (and PyTorch's cross_entropy): one native operation where gather, squeeze,
            // negation and mean take four. Its ignore_index (-100) never matches: the indices are in [0, classes).
            if (mean) return nn.functional.nll_loss(logProbabilities, index);
            return -logProbabilities.gather(1, index.unsqueeze(1)).squeeze(1);
        }
        if (target.dim() == 2 && target.shape[1] == classes)
        {
            var perSample = -(target.to_type(logProbabilities.dtype) * logProbabilities).sum(1);
            return mean ? perSample.mean() : perSample;
        }
        throw new ArgumentException(
            $"{name}: targets must be integer class indices [B] or one-hot rows [B, {classes}]; got {target.dtype} [{Loss.Shape(target)}].",
            nameof(target));
    }
}
