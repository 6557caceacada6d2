using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>Reads class labels out of a label tensor for stratification.</summary>
internal static class DatasetSplitClasses
{
    /// <summary>At most this many distinct values make integral float labels count as classes.</summary>
    internal const int MaxClasses = 1000;

    /// <summary>
    /// The class of each sample: integer labels, integral float labels (shape [N] or [N, 1]), or the arg-max of
    /// one-hot rows ([N, C], C &gt; 1). <c>null</c> when the labels look like regression targets.
    /// </summary>
    internal static long[]? ClassOf(Tensor? labels)
    {
        if (labels is null) return null;
        using var scope = NewDisposeScope();
        Tensor flat;
        if (labels.dim() == 2 && labels.shape[1] > 1)
            flat = labels.argmax(1);
        else if (labels.dim() == 1 || (labels.dim() == 2 && labels.shape[1] == 1))
            flat = labels.reshape(-1);
        else
            return null;
        flat = flat.cpu();
        if (flat.dtype == ScalarType.Bool) flat = flat.to_type(ScalarType.Int64);
        if (flat.is_floating_point())
        {
            var asDouble = flat.to_type(ScalarType.Float64);
            if (!asDouble.isfinite().all().item<bool>()) return null;
            if (!asDouble.eq(asDouble.round()).all().item<bool>()) return null;
            flat = asDouble.to_type(ScalarType.Int64);
        }
        else if (flat.dtype != ScalarType.Int64)
        {
            flat = flat.to_type(ScalarType.Int64);
        }
        long[] classes = flat.data<long>().ToArray();
        return classes.Distinct().Take(MaxClasses + 1).Count() > MaxClasses ? null : classes;
    }
}
