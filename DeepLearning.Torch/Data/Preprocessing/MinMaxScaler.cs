using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>
/// Scales each element of a sample (each feature, or each pixel and channel) linearly so that the training
/// minimum maps to <see cref="RangeMin"/> and the training maximum to <see cref="RangeMax"/>, as scikit-learn's
/// <c>MinMaxScaler</c>. A constant feature (zero range) is only shifted. Disposing releases the fitted tensors.
/// </summary>
public sealed class MinMaxScaler : FeatureScaler
{
    /// <summary>Creates an unfitted scaler.</summary>
    /// <param name="rangeMin">Value the training minimum maps to; default 0.</param>
    /// <param name="rangeMax">Value the training maximum maps to; default 1; must exceed <paramref name="rangeMin"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rangeMax"/> ≤ <paramref name="rangeMin"/> or not finite.</exception>
    public MinMaxScaler(double rangeMin = 0, double rangeMax = 1) : base(new FittedAffine(nameof(MinMaxScaler)))
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

    /// <summary>The fitted per-element minimum (leading axis of size 1), float64; owned by this object.</summary>
    public torch.Tensor DataMin => Affine.Offset;

    /// <summary>The fitted per-element range max - min (zeros replaced by 1), float64; owned by this object.</summary>
    public torch.Tensor DataRange => Affine.Scale;

    /// <summary>Fits the per-element minimum and maximum over the sample axis (axis 0).</summary>
    /// <param name="x">Training data (N, ...), N ≥ 1.</param>
    /// <returns>This object.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> has no samples.</exception>
    public MinMaxScaler Fit(torch.Tensor x) => Fit(this, x);

    /// <summary>The fitted parameters as JSON, read back by <c>FromJson</c>.</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(new State(RangeMin, RangeMax, TensorValues.From(DataMin), TensorValues.From(DataRange)));

    /// <summary>Restores a scaler saved with <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>A fitted scaler.</returns>
    /// <exception cref="FormatException">The JSON does not describe a scaler.</exception>
    public static MinMaxScaler FromJson(string json)
    {
        var state = FittedAffine.Parse<State>(nameof(MinMaxScaler), json);
        var result = new MinMaxScaler(state.RangeMin, state.RangeMax);
        result.Affine.Load(state.Min, state.Range, "Min", "Range");
        return result;
    }

    private protected override (torch.Tensor Offset, torch.Tensor Scale) Statistics(torch.Tensor data, torch.Tensor x)
    {
        var min = data.amin([0], keepdim: true);
        return (min, FittedAffine.NonZero(data.amax([0], keepdim: true) - min));
    }

    private protected override torch.Tensor MapUnit(torch.Tensor scaled) => (scaled * (RangeMax - RangeMin)) + RangeMin;

    private sealed record State(double RangeMin, double RangeMax, TensorValues? Min, TensorValues? Range);
}
