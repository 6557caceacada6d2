using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>
/// Standardisation (x - mean) / std with statistics fitted on training data. The standard deviation is the
/// population one (divisor N, as scikit-learn's <c>StandardScaler</c>); a zero deviation is replaced by 1 so
/// constant features pass through centred. Statistics are kept in float64 on the CPU and cast to the input's
/// type and device when applied. Disposing releases the fitted tensors.
/// </summary>
public sealed class Standardizer : FeatureScaler
{
    /// <summary>Creates an unfitted standardiser.</summary>
    /// <param name="axes">Which statistics to compute; default <see cref="StandardizationAxes.PerElement"/>.</param>
    public Standardizer(StandardizationAxes axes = StandardizationAxes.PerElement)
        : base(new FittedAffine(nameof(Standardizer)) { PooledFrom = axes == StandardizationAxes.PerChannel ? 2 : int.MaxValue })
    {
        if (!Enum.IsDefined(axes)) throw new ArgumentOutOfRangeException(nameof(axes), axes, "Unknown standardisation axes.");
        Axes = axes;
    }

    /// <summary>Which statistics are computed.</summary>
    public StandardizationAxes Axes { get; }

    /// <summary>The fitted means, shaped to broadcast against a batch (leading axis of size 1); owned by this object.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public torch.Tensor Mean => Affine.Offset;

    /// <summary>The fitted standard deviations (zeros replaced by 1), shaped like <see cref="Mean"/>; owned by this object.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public torch.Tensor Std => Affine.Scale;

    /// <summary>Fits the statistics on <paramref name="x"/> (sample axis first).</summary>
    /// <param name="x">Training data (N, ...) with N ≥ 1 (at least 2 dimensions for <see cref="StandardizationAxes.PerChannel"/>).</param>
    /// <returns>This object.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty or has too few dimensions.</exception>
    public Standardizer Fit(torch.Tensor x) => Fit(this, x);

    /// <summary>Undoes <see cref="FeatureScaler.Transform"/>: x * std + mean.</summary>
    /// <param name="x">Standardised data.</param>
    /// <returns>Data in the original units; owned by the caller.</returns>
    public torch.Tensor InverseTransform(torch.Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return Affine.Inverse(x).MoveToOuterDisposeScope();
    }

    /// <summary>The fitted parameters as JSON, read back by <c>FromJson</c>.</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(new State(Axes, TensorValues.From(Mean), TensorValues.From(Std)));

    /// <summary>Restores a standardiser saved with <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>A fitted standardiser.</returns>
    /// <exception cref="FormatException">The JSON does not describe a standardiser.</exception>
    public static Standardizer FromJson(string json)
    {
        var state = FittedAffine.Parse<State>(nameof(Standardizer), json);
        var result = new Standardizer(state.Axes);
        result.Affine.Load(state.Mean, state.Std, "Mean", "Std");
        return result;
    }

    private protected override (torch.Tensor Offset, torch.Tensor Scale) Statistics(torch.Tensor data, torch.Tensor x)
    {
        if (Axes == StandardizationAxes.PerChannel && x.dim() < 2) throw new ArgumentException("Per-channel standardisation needs (N, C, ...) input.", nameof(x));
        long[] dims = Axes == StandardizationAxes.PerElement ? [0] : [0, .. Enumerable.Range(2, (int)x.dim() - 2).Select(i => (long)i)];
        var mean = data.mean(dims, keepdim: true);
        return (mean, FittedAffine.NonZero((data - mean).square().mean(dims, keepdim: true).sqrt()));
    }

    private sealed record State(StandardizationAxes Axes, TensorValues? Mean, TensorValues? Std);
}
