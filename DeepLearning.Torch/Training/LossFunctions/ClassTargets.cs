using DeepLearning.Torch.Data;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>Picks log-probabilities of the target classes for index or one-hot targets.</summary>
internal static class ClassTargets
{
    internal static Tensor NegativeLogLikelihood(string name, Tensor logProbabilities, Tensor target)
    {
        long classes = logProbabilities.shape[1];
        if (target.dim() == 1)
        {
            var index = ClassLabels.ToIndices(target, classes, nameof(target), name);
            return -logProbabilities.gather(1, index.unsqueeze(1)).squeeze(1);
        }
        if (target.dim() == 2 && target.shape[1] == classes)
            return -(target.to_type(logProbabilities.dtype) * logProbabilities).sum(1);
        throw new ArgumentException(
            $"{name}: targets must be integer class indices [B] or one-hot rows [B, {classes}]; got {target.dtype} [{Loss.Shape(target)}].",
            nameof(target));
    }
}
