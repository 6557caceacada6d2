using System.Globalization;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// The checks behind <see cref="Loss.ValidateTargets"/>: whole-dataset label shapes against the model's output and the
/// values each loss accepts, with messages naming the loss, the labels and the form expected.
/// </summary>
internal static class TargetChecks
{
    /// <summary>Targets of an elementwise loss: the predictions' shape, or [N] for predictions [N, 1].</summary>
    /// <param name="call">The loss as written, e.g. <c>Losses.BinaryCrossEntropy(fromLogits: true)</c>.</param>
    /// <param name="targets">All targets of the dataset.</param>
    /// <param name="predictionShape">The predictions' shape for all N samples.</param>
    /// <param name="classification">Suggest a categorical loss for one-hot labels.</param>
    internal static void Elementwise(string call, Tensor targets, IReadOnlyList<long> predictionShape, bool classification)
    {
        long[] t = targets.shape;
        bool same = t.SequenceEqual(predictionShape);
        bool squeezed = t.Length == predictionShape.Count - 1 && predictionShape[^1] == 1 && t.SequenceEqual(predictionShape.Take(t.Length));
        if (same || squeezed) return;
        long n = predictionShape[0];
        string hint;
        if (predictionShape.Count == 2 && predictionShape[1] == 1 && t.Length == 2 && t[0] == n && t[1] > 1)
        {
            hint = $" (one-hot rows?): the model gives one value per sample, so give one label per sample, shape [{n}] or [{n}, 1] " +
                   $"(labels.argmax(1) of one-hot rows), or give the model {t[1]} outputs" +
                   (classification ? " and use Losses.CategoricalCrossEntropy" : "");
        }
        else
        {
            hint = predictionShape[^1] == 1 && predictionShape.Count > 1
                ? $"; give labels of shape [{Join(predictionShape)}] or [{Join(predictionShape.Take(predictionShape.Count - 1))}]"
                : $"; give labels of shape [{Join(predictionShape)}]";
        }
        throw new ArgumentException(
            $"{call}: the labels have shape [{Join(t)}] but the model's predictions for them have shape [{Join(predictionShape)}]{hint}.");
    }

    /// <summary>Targets that must lie in [0, 1] (0/1 labels or probabilities).</summary>
    internal static void UnitInterval(string call, Tensor targets)
    {
        if (targets.numel() == 0) return;
        using var scope = NewDisposeScope();
        var values = targets.to_type(ScalarType.Float64);
        double min = values.min().item<double>(), max = values.max().item<double>();
        if (min >= 0 && max <= 1) return;
        bool integral = double.IsFinite(min) && double.IsFinite(max) && values.eq(values.round()).all().item<bool>();
        string hint = integral && min >= 0
            ? $" For {(long)max + 1} classes give the model {(long)max + 1} outputs and use Losses.CategoricalCrossEntropy; for two classes relabel as 0 and 1."
            : "";
        throw new ArgumentException(
            $"{call} needs targets in [0, 1] (0/1 labels or probabilities); the labels hold values in [{Number(min)}, {Number(max)}].{hint}");
    }

    /// <summary>Targets of a categorical loss: integer class indices [N] in [0, C), or rows [N, C].</summary>
    internal static void Classes(string call, Tensor targets, IReadOnlyList<long> predictionShape)
    {
        if (predictionShape.Count != 2) return;
        long n = predictionShape[0], classes = predictionShape[1];
        long[] t = targets.shape;
        if (t.Length == 2 && t[0] == n && t[1] == classes) return;
        if (t.Length == 1 && t[0] == n && !targets.is_floating_point())
        {
            if (targets.numel() == 0) return;
            using var scope = NewDisposeScope();
            var index = targets.to_type(ScalarType.Int64);
            long min = index.min().item<long>(), max = index.max().item<long>();
            if (min >= 0 && max < classes) return;
            throw new ArgumentException(
                $"{call}: the labels hold classes in [{min}, {max}] but the model has {classes} outputs, one per class in [0, {classes - 1}]; " +
                $"give the model {Math.Max(classes, max + 1)} outputs or relabel the classes as 0 to {classes - 1}.");
        }
        string given = $"{targets.dtype} [{Join(t)}]";
        string hint = t.Length == 1 && t[0] == n && targets.is_floating_point()
            ? $" (labels.to_type(ScalarType.Int64) turns integral floats into indices)"
            : "";
        throw new ArgumentException(
            $"{call}: the labels are {given} but the model's predictions for them are [{Join(predictionShape)}]; give integer class indices " +
            $"[{n}] in [0, {classes - 1}]{hint} or one-hot rows [{n}, {classes}].");
    }

    private static string Join(IEnumerable<long> shape) => string.Join(", ", shape);

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
