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
    /// <param name="labels">The batch's labels.</param>
    /// <param name="sampleWeights">Per-sample weights, or null.</param>
    /// <param name="classWeights">One weight per class, or null.</param>
    /// <param name="labelsChecked">The dataset's labels passed <see cref="CheckLabels"/>: convert without the value check (a read from the device).</param>
    internal static Tensor? Combine(Tensor labels, Tensor? sampleWeights, Tensor? classWeights, bool labelsChecked = false)
    {
        if (classWeights is null) return sampleWeights;
        long classes = classWeights.shape[0];
        var index = labelsChecked ? ClassLabels.ToIndicesUnchecked(labels) : ToIndices(labels, classes);
        var perSample = classWeights.index_select(0, index);
        return sampleWeights is null ? perSample : perSample * sampleWeights.to_type(perSample.dtype);
    }

    /// <summary>Checks once for a whole dataset that its labels are classes with a class weight each.</summary>
    /// <exception cref="ArgumentException">A label is not a class index below the number of class weights.</exception>
    internal static void CheckLabels(Tensor labels, Tensor classWeights)
    {
        using var scope = NewDisposeScope();
        ToIndices(labels, classWeights.shape[0]);
    }

    private static Tensor ToIndices(Tensor labels, long classes)
        => ClassLabels.ToIndices(labels, classes, nameof(labels), $"TrainerOptions.ClassWeights has {classes} entries");
}
