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
        Tensor index;
        if (labels.dim() == 2 && labels.shape[1] > 1) index = labels.argmax(1);
        else if (labels.is_floating_point()) index = labels.reshape(-1).round().to_type(ScalarType.Int64);
        else index = labels.reshape(-1).to_type(ScalarType.Int64);
        long classes = classWeights.shape[0];
        if (index.numel() > 0 && (index.min().item<long>() < 0 || index.max().item<long>() >= classes))
            throw new ArgumentException(
                $"TrainerOptions.ClassWeights has {classes} entries, but the labels hold classes in [{index.min().item<long>()}, {index.max().item<long>()}].",
                nameof(classWeights));
        var perSample = classWeights.index_select(0, index);
        return sampleWeights is null ? perSample : perSample * sampleWeights.to_type(perSample.dtype);
    }
}
