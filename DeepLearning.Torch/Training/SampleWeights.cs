using DeepLearning.Torch.Data;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>Combines per-sample weights with class weights looked up from the labels.</summary>
internal static class SampleWeights
{
    /// <summary>
    /// The weights reaching the loss: <paramref name="sampleWeights"/> times the class weight of each label, or
    /// <c>null</c> when there are neither. Tensors are created in the current dispose scope.
    /// </summary>
    internal static Tensor? Combine(Tensor labels, Tensor? sampleWeights, Tensor? classWeights)
    {
        if (classWeights is null) return sampleWeights;
        long classes = classWeights.shape[0];
        var index = ClassLabels.ToIndices(labels, classes, nameof(labels), $"TrainerOptions.ClassWeights has {classes} entries");
        var perSample = classWeights.index_select(0, index);
        return sampleWeights is null ? perSample : perSample * sampleWeights.to_type(perSample.dtype);
    }
}
