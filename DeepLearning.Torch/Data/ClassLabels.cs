using System.Globalization;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// The one conversion of labels to class indices used throughout the library (stratified splits, class weights,
/// accuracy metrics, cross-entropy targets and every evaluation entry point), with one set of rules:
/// <list type="bullet">
/// <item><c>[N]</c> or <c>[N, 1]</c> class indices, as integers, booleans (false = 0, true = 1) or floating-point
/// values that are whole numbers (0/1 floats, the usual binary targets);</item>
/// <item><c>[N, C]</c> rows with C &gt; 1 (one-hot targets, soft targets or class scores): the arg-max of each row,
/// the first on ties, as <c>numpy.argmax</c>.</item>
/// </list>
/// Refused, with an <see cref="ArgumentException"/> naming the argument, the first offending value and its index:
/// fractional, negative or non-finite values, indices at or above the number of classes, rows of another width
/// than the number of classes, rows holding NaN or infinity, and other shapes.
/// </summary>
public static class ClassLabels
{
    private const string Accepted = "integer, bool or whole-number float values [N] or [N, 1], or one-hot rows";

    /// <summary>Class index of each sample as an int64 tensor [N] on the labels' device (the labels are left untouched).</summary>
    /// <param name="labels">Labels as described on <see cref="ClassLabels"/>.</param>
    /// <param name="numClasses">Number of classes, or null when only non-negative indices are required.</param>
    /// <param name="paramName">The caller's argument name, used in the error.</param>
    /// <param name="context">Prefix of the error message naming the caller, e.g. "TopKAccuracy", or null.</param>
    /// <returns>A new tensor owned by the caller (registered in the caller's dispose scope, if any).</returns>
    /// <exception cref="ArgumentException">The labels are not class labels (see <see cref="ClassLabels"/>).</exception>
    public static Tensor ToIndices(Tensor labels, long? numClasses = null, string paramName = "labels", string? context = null)
    {
        ArgumentNullException.ThrowIfNull(labels, paramName);
        CheckClassCount(numClasses);
        using var scope = NewDisposeScope();
        var (indices, problem) = Convert(labels, numClasses);
        if (problem is not null)
        {
            throw new ArgumentException((context is null ? string.Empty : context + ": ") + problem, paramName);
        }

        return indices!.MoveToOuterDisposeScope();
    }

    /// <summary>Class index of each sample, copied to the CPU as an array (the labels may live on any device).</summary>
    /// <param name="labels">Labels as described on <see cref="ClassLabels"/>.</param>
    /// <param name="numClasses">Number of classes, or null when only non-negative indices are required.</param>
    /// <param name="paramName">The caller's argument name, used in the error.</param>
    /// <exception cref="ArgumentException">The labels are not class labels (see <see cref="ClassLabels"/>).</exception>
    public static int[] ToArray(Tensor labels, int? numClasses = null, string paramName = "labels")
    {
        using var scope = NewDisposeScope();
        var indices = ToIndices(labels, numClasses, paramName);
        return indices.cpu().to_type(ScalarType.Int32).contiguous().data<int>().ToArray();
    }

    /// <summary>Checks integer class indices held in an array with the same rules and wording as the tensors.</summary>
    /// <param name="labels">Class indices.</param>
    /// <param name="numClasses">Number of classes.</param>
    /// <param name="paramName">The caller's argument name, used in the error.</param>
    /// <exception cref="ArgumentException">An index is negative or at least <paramref name="numClasses"/>.</exception>
    public static void Check(ReadOnlySpan<int> labels, int numClasses, string paramName = "labels")
    {
        CheckClassCount(numClasses);
        int first = -1, count = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)numClasses)
            {
                count++;
                first = first < 0 ? i : first;
            }
        }

        if (first >= 0)
        {
            throw new ArgumentException(
                ValueProblem(numClasses, labels[first].ToString(CultureInfo.InvariantCulture), "at index", first, count, labels.Length, "labels",
                    $"int array of length {labels.Length}"),
                paramName);
        }
    }

    /// <summary>The class of each sample, or null when the labels are not class labels (no exception): for callers that
    /// fall back to something else, such as an unstratified split for regression targets.</summary>
    internal static long[]? TryToArray(Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        var (indices, problem) = Convert(labels, null);
        return problem is null ? indices!.cpu().contiguous().data<long>().ToArray() : null;
    }

    /// <summary>
    /// The conversion of <see cref="ToIndices"/> without its value checks (which read the device): for labels that passed
    /// <see cref="ToIndices"/> once as a whole dataset, batch by batch. Labels that would not pass give undefined indices.
    /// </summary>
    internal static Tensor ToIndicesUnchecked(Tensor labels)
    {
        var values = labels.dtype == ScalarType.Bool ? labels.to_type(ScalarType.Int64) : labels;
        if (values.dim() == 2 && values.shape[1] > 1) return values.argmax(1);
        var flat = values.reshape(-1);
        return flat.dtype == ScalarType.Int64 ? flat : flat.to_type(ScalarType.Int64);
    }

    /// <summary>
    /// <see cref="ToIndicesUnchecked"/> and, as a float64 tensor [1] on the labels' device, the number of labels that
    /// <see cref="ToIndices"/> would refuse (not read back: the caller sums it and checks it later). Shapes are checked now.
    /// </summary>
    /// <exception cref="ArgumentException">The labels' shape is not a class-label shape.</exception>
    internal static (Tensor Indices, Tensor Invalid) ToIndicesCountingInvalid(Tensor labels, long numClasses)
    {
        bool rows = labels.dim() == 2 && labels.shape[1] > 1;
        bool vector = labels.dim() == 1 || (labels.dim() == 2 && labels.shape[1] == 1);
        if (labels.is_complex() || (!rows && !vector) || (rows && labels.shape[1] != numClasses))
            return (ToIndices(labels, numClasses), zeros(1, dtype: ScalarType.Float64, device: labels.device));   // throws with the message
        Tensor invalid;
        if (rows) invalid = labels.is_floating_point() ? labels.isfinite().all(1).logical_not() : zeros(1, dtype: ScalarType.Bool, device: labels.device);
        else
        {
            var flat = labels.reshape(-1);
            if (flat.dtype == ScalarType.Bool) invalid = zeros(1, dtype: ScalarType.Bool, device: labels.device);
            else if (flat.is_floating_point())
            {
                var f = flat.to_type(ScalarType.Float64);
                invalid = f.isfinite().logical_not().logical_or(f.ne(f.floor())).logical_or(f.lt(0)).logical_or(f.ge(numClasses));
            }
            else invalid = flat.lt(0).logical_or(flat.ge(numClasses));
        }
        return (ToIndicesUnchecked(labels), invalid.sum().to_type(ScalarType.Float64).reshape(1));
    }

    private static void CheckClassCount(long? numClasses)
    {
        if (numClasses is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "Expected at least one class.");
        }
    }

    /// <summary>The int64 indices [N], or the sentence saying why the labels are not class labels.</summary>
    private static (Tensor? Indices, string? Problem) Convert(Tensor labels, long? numClasses)
    {
        string described = $"{labels.dtype} tensor of shape {Shape(labels)}";
        if (labels.is_complex())
        {
            return (null, $"Expected class labels ({Accepted}); got a {described}.");
        }

        bool rows = labels.dim() == 2 && labels.shape[1] > 1;
        bool vector = labels.dim() == 1 || (labels.dim() == 2 && labels.shape[1] == 1);
        if (!rows && !vector || (rows && numClasses is { } c && labels.shape[1] != c))
        {
            string width = numClasses?.ToString(CultureInfo.InvariantCulture) ?? "C";
            return (null, $"Expected class labels [N], [N, 1] or one-hot rows [N, {width}]; got a {described}.");
        }

        if (rows)
        {
            var values = labels.dtype == ScalarType.Bool ? labels.to_type(ScalarType.Int64) : labels;
            if (values.is_floating_point())
            {
                var badRows = values.isfinite().all(1).logical_not();
                if (badRows.any().item<bool>())
                {
                    var where = badRows.nonzero();
                    long row = where[0, 0].item<long>();
                    var rowValues = values[row].to_type(ScalarType.Float64);
                    double bad = rowValues.masked_select(rowValues.isfinite().logical_not())[0].item<double>();
                    return (null, ValueProblem(numClasses, Number(bad), "in row", row, where.shape[0], labels.shape[0], "rows", described));
                }
            }

            return (values.argmax(1), null);
        }

        var flat = labels.reshape(-1);
        if (flat.dtype == ScalarType.Bool)
        {
            flat = flat.to_type(ScalarType.Int64);
        }

        Tensor invalid;
        if (flat.is_floating_point())
        {
            flat = flat.to_type(ScalarType.Float64);
            invalid = flat.isfinite().logical_not().logical_or(flat.ne(flat.floor())).logical_or(flat.lt(0));
        }
        else
        {
            invalid = flat.lt(0);
        }

        if (numClasses is { } k)
        {
            invalid = invalid.logical_or(flat.ge(k));
        }

        if (invalid.any().item<bool>())
        {
            var where = invalid.nonzero();
            long index = where[0, 0].item<long>();
            double value = flat[index].to_type(ScalarType.Float64).item<double>();
            return (null, ValueProblem(numClasses, Number(value), "at index", index, where.shape[0], flat.shape[0], "labels", described));
        }

        return (flat.to_type(ScalarType.Int64), null);
    }

    private static string ValueProblem(long? numClasses, string value, string where, long index, long count, long total, string unit, string described)
    {
        string range = numClasses is { } k ? $"in [0, {k})" : ">= 0";
        return $"Expected class labels {range} ({Accepted}); got {value} {where} {index} ({count} of {total} {unit} invalid, {described}).";
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
