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
    internal static Tensor NegativeLogLikelihood(string name, Tensor logProbabilities, Tensor target, bool targetsChecked = false)
    {
        long classes = logProbabilities.shape[1];
        if (target.dim() == 1)
        {
            var index = !targetsChecked ? ClassLabels.ToIndices(target, classes, nameof(target), name)
                : target.dtype == ScalarType.Int64 ? target : target.to_type(ScalarType.Int64);
            return -logProbabilities.gather(1, index.unsqueeze(1)).squeeze(1);
        }
        if (target.dim() == 2 && target.shape[1] == classes)
            return -(target.to_type(logProbabilities.dtype) * logProbabilities).sum(1);
        throw new ArgumentException(
            $"{name}: targets must be integer class indices [B] or one-hot rows [B, {classes}]; got {target.dtype} [{Loss.Shape(target)}].",
            nameof(target));
    }
}
