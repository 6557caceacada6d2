using System.Text.Json;
using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>
/// Scales each element of a sample (each feature, or each pixel and channel) linearly so that the training
/// minimum maps to <see cref="RangeMin"/> and the training maximum to <see cref="RangeMax"/>, as scikit-learn's
/// <c>MinMaxScaler</c>. A constant feature (zero range) is only shifted. Disposing releases the fitted tensors.
/// </summary>
public sealed class MinMaxScaler : IDisposable
{
    private torch.Tensor? _min;
    private torch.Tensor? _range;

    /// <summary>Creates an unfitted scaler.</summary>
    /// <param name="rangeMin">Value the training minimum maps to; default 0.</param>
    /// <param name="rangeMax">Value the training maximum maps to; default 1; must exceed <paramref name="rangeMin"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rangeMax"/> ≤ <paramref name="rangeMin"/> or not finite.</exception>
    public MinMaxScaler(double rangeMin = 0, double rangeMax = 1)
    {
        if (!double.IsFinite(rangeMin) || !double.IsFinite(rangeMax) || rangeMax <= rangeMin)
            throw new ArgumentOutOfRangeException(nameof(rangeMax), rangeMax, $"The feature range must be finite with max > min (min = {rangeMin}).");
        RangeMin = rangeMin;
        RangeMax = rangeMax;
    }

    /// <summary>Value the training minimum maps to.</summary>
    public double RangeMin { get; }

    /// <summary>Value the training maximum maps to.</summary>
    public double RangeMax { get; }

    /// <summary>Whether <c>Fit</c> has been called (or the state was loaded with <c>FromJson</c>).</summary>
    public bool IsFitted => _min is not null;

    /// <summary>The fitted per-element minimum (leading axis of size 1), float64; owned by this object.</summary>
    public torch.Tensor DataMin => _min ?? throw NotFitted();

    /// <summary>The fitted per-element range max - min (zeros replaced by 1), float64; owned by this object.</summary>
    public torch.Tensor DataRange => _range ?? throw NotFitted();

    /// <summary>Fits the per-element minimum and maximum over the sample axis (axis 0).</summary>
    /// <param name="x">Training data (N, ...), N ≥ 1.</param>
    /// <returns>This object.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> has no samples.</exception>
    public MinMaxScaler Fit(torch.Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 1 || x.shape[0] == 0) throw new ArgumentException($"Cannot fit on a tensor of shape [{string.Join(", ", x.shape)}]: need at least one sample.", nameof(x));
        using var scope = torch.NewDisposeScope();
        var data = x.detach().to(torch.CPU).to_type(torch.ScalarType.Float64);
        var min = data.amin([0], keepdim: true);
        var range = data.amax([0], keepdim: true) - min;
        range = torch.where(range.eq(0), torch.ones_like(range), range);
        Replace(min.DetachFromDisposeScope(), range.DetachFromDisposeScope());
        return this;
    }

    /// <summary>Applies the fitted transform; the result is a new tensor owned by the caller, on the input's device.</summary>
    /// <param name="x">Input with the sample axis first.</param>
    public torch.Tensor Transform(torch.Tensor x)
    {
        CheckShape(x);
        using var scope = torch.NewDisposeScope();
        var type = x.is_floating_point() ? x.dtype : torch.ScalarType.Float32;
        var scaled = (x.to_type(type) - DataMin.to(x.device).to_type(type)) / DataRange.to(x.device).to_type(type);
        return (scaled * (RangeMax - RangeMin) + RangeMin).MoveToOuterDisposeScope();
    }

    /// <summary>Fits on <paramref name="x"/> and transforms it.</summary>
    /// <param name="x">Training data.</param>
    /// <returns>The scaled data; owned by the caller.</returns>
    public torch.Tensor FitTransform(torch.Tensor x) => Fit(x).Transform(x);

    /// <summary>The fitted parameters as JSON, read back by <c>FromJson</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new State(RangeMin, RangeMax, TensorValues.From(DataMin), TensorValues.From(DataRange)));

    /// <summary>Restores a scaler saved with <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>A fitted scaler.</returns>
    /// <exception cref="FormatException">The JSON does not describe a scaler.</exception>
    public static MinMaxScaler FromJson(string json)
    {
        State state;
        try
        {
            state = JsonSerializer.Deserialize<State>(json) ?? throw new FormatException("MinMaxScaler JSON is null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a MinMaxScaler state: {e.Message}", e);
        }
        if (state.Min is null || state.Range is null || !state.Min.Shape.SequenceEqual(state.Range.Shape))
            throw new FormatException("MinMaxScaler JSON needs 'Min' and 'Range' of the same shape.");
        var result = new MinMaxScaler(state.RangeMin, state.RangeMax);
        result.Replace(state.Min.ToTensor("Min"), state.Range.ToTensor("Range"));
        return result;
    }

    /// <summary>Releases the fitted tensors.</summary>
    public void Dispose() => Replace(null, null);

    private void Replace(torch.Tensor? min, torch.Tensor? range)
    {
        _min?.Dispose();
        _range?.Dispose();
        _min = min;
        _range = range;
    }

    private void CheckShape(torch.Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var min = DataMin;
        if (x.dim() != min.dim() || !x.shape.Skip(1).SequenceEqual(min.shape.Skip(1)))
            throw new ArgumentException($"Input shape [{string.Join(", ", x.shape)}] does not match the fitted shape [{string.Join(", ", min.shape)}] (after the sample axis).", nameof(x));
    }

    private static InvalidOperationException NotFitted() => new("The MinMaxScaler is not fitted: call Fit on training data (or FromJson) first.");

    private sealed record State(double RangeMin, double RangeMax, TensorValues Min, TensorValues Range);
}
