using System.Text.Json;
using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>
/// One-hot encoding of integer class labels 0..<see cref="NumClasses"/>-1 into float32 rows, with the
/// number of classes fixed at construction or fitted on training labels (largest label + 1). Labels outside
/// the range are rejected, never silently dropped.
/// </summary>
public sealed class OneHot
{
    /// <summary>Creates an encoder; with no class count it must be fitted.</summary>
    /// <param name="numClasses">Number of classes, or <see langword="null"/> to learn it with <see cref="Fit"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numClasses"/> is below 1.</exception>
    public OneHot(int? numClasses = null)
    {
        if (numClasses is < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "Need at least one class.");
        NumClasses = numClasses ?? 0;
    }

    /// <summary>Number of classes (columns of the encoding); 0 until fitted.</summary>
    public int NumClasses { get; private set; }

    /// <summary>Whether <c>Fit</c> has been called (or the state was loaded with <c>FromJson</c>).</summary>
    public bool IsFitted => NumClasses > 0;

    /// <summary>Learns the number of classes as the largest label + 1.</summary>
    /// <param name="labels">Integer labels (N), each ≥ 0.</param>
    /// <returns>This object.</returns>
    /// <exception cref="ArgumentException">Labels are empty, negative or not integers.</exception>
    public OneHot Fit(torch.Tensor labels)
    {
        CheckLabels(labels);
        if (labels.numel() == 0) throw new ArgumentException("Cannot fit on no labels.", nameof(labels));
        using var min = labels.min();
        if (min.item<long>() < 0) throw new ArgumentException($"Labels must be ≥ 0; found {min.item<long>()}.", nameof(labels));
        using var max = labels.max();
        NumClasses = checked((int)max.item<long>() + 1);
        return this;
    }

    /// <summary>Encodes labels (N) as float32 (N, <see cref="NumClasses"/>) rows with a single 1.</summary>
    /// <param name="x">Integer labels (N).</param>
    /// <returns>The encoding on the labels' device; owned by the caller.</returns>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">A label is outside 0..NumClasses-1 (the message gives the first one and its index).</exception>
    public torch.Tensor Transform(torch.Tensor x)
    {
        if (!IsFitted) throw new InvalidOperationException("The OneHot encoder is not fitted: pass numClasses or call Fit first.");
        CheckLabels(x);
        using var scope = torch.NewDisposeScope();
        var labels = x.to_type(torch.ScalarType.Int64);
        var bad = (labels.lt(0) | labels.ge(NumClasses)).nonzero();
        if (bad.shape[0] > 0)
        {
            long index = bad[0, 0].item<long>();
            throw new ArgumentException($"Label {labels[index].item<long>()} at index {index} is outside 0..{NumClasses - 1}.", nameof(x));
        }
        return torch.nn.functional.one_hot(labels, NumClasses).to_type(torch.ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Decodes rows (one-hot or scores) to the index of their largest entry.</summary>
    /// <param name="encoded">(N, NumClasses) rows.</param>
    /// <returns>int64 labels (N); owned by the caller.</returns>
    public torch.Tensor InverseTransform(torch.Tensor encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.dim() != 2 || encoded.shape[1] != NumClasses)
            throw new ArgumentException($"Expected shape [N, {NumClasses}], got [{string.Join(", ", encoded.shape)}].", nameof(encoded));
        return encoded.argmax(1);
    }

    /// <summary>The fitted parameters as JSON, read back by <c>FromJson</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new State(NumClasses));

    /// <summary>Restores an encoder saved with <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="FormatException">The JSON does not describe a fitted encoder.</exception>
    public static OneHot FromJson(string json)
    {
        try
        {
            var state = JsonSerializer.Deserialize<State>(json);
            if (state is null || state.NumClasses < 1) throw new FormatException("OneHot JSON needs NumClasses ≥ 1.");
            return new OneHot(state.NumClasses);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a OneHot state: {e.Message}", e);
        }
    }

    private static void CheckLabels(torch.Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.dim() != 1 || labels.is_floating_point() || labels.dtype == torch.ScalarType.Bool)
            throw new ArgumentException($"Expected integer labels of shape [N], got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
    }

    private sealed record State(int NumClasses);
}
