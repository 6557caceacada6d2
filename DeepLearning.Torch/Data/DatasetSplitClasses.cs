using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>Reads class labels out of a label tensor for stratification.</summary>
internal static class DatasetSplitClasses
{
    /// <summary>At most this many distinct values make integral float labels count as classes.</summary>
    internal const int MaxClasses = 1000;

    /// <summary>
    /// The class of each sample as <see cref="ClassLabels"/> reads labels. <c>null</c> when the labels are not class
    /// labels (regression targets, say) or hold more than <see cref="MaxClasses"/> distinct classes.
    /// </summary>
    internal static long[]? ClassOf(Tensor? labels)
    {
        if (labels is null) return null;
        long[]? classes = ClassLabels.TryToArray(labels);
        if (classes is null) return null;
        return classes.Distinct().Take(MaxClasses + 1).Count() > MaxClasses ? null : classes;
    }
}
