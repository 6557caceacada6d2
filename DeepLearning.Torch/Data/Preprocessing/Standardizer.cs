using System.Text.Json;
using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>
/// Standardisation (x - mean) / std with statistics fitted on training data. The standard deviation is the
/// population one (divisor N, as scikit-learn's <c>StandardScaler</c>); a zero deviation is replaced by 1 so
/// constant features pass through centred. Statistics are kept in float64 on the CPU and cast to the input's
/// type and device when applied. Disposing releases the fitted tensors.
/// </summary>
public sealed class Standardizer : IDisposable
{
    private torch.Tensor? _mean;
    private torch.Tensor? _std;

    /// <summary>Creates an unfitted standardiser.</summary>
    /// <param name="axes">Which statistics to compute; default <see cref="StandardizationAxes.PerElement"/>.</param>
    public Standardizer(StandardizationAxes axes = StandardizationAxes.PerElement)
    {
        if (!Enum.IsDefined(axes)) throw new ArgumentOutOfRangeException(nameof(axes), axes, "Unknown standardisation axes.");
        Axes = axes;
    }

    /// <summary>Which statistics are computed.</summary>
    public StandardizationAxes Axes { get; }

    /// <summary>Whether <c>Fit</c> has been called (or the state was loaded with <c>FromJson</c>).</summary>
    public bool IsFitted => _mean is not null;

    /// <summary>The fitted means, shaped to broadcast against a batch (leading axis of size 1); owned by this object.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public torch.Tensor Mean => _mean ?? throw NotFitted();

    /// <summary>The fitted standard deviations (zeros replaced by 1), shaped like <see cref="Mean"/>; owned by this object.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public torch.Tensor Std => _std ?? throw NotFitted();

    /// <summary>Fits the statistics on <paramref name="x"/> (sample axis first).</summary>
    /// <param name="x">Training data (N, ...) with N ≥ 1 (at least 2 dimensions for <see cref="StandardizationAxes.PerChannel"/>).</param>
    /// <returns>This object.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty or has too few dimensions.</exception>
    public Standardizer Fit(torch.Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 1 || x.shape[0] == 0) throw new ArgumentException($"Cannot fit on a tensor of shape [{string.Join(", ", x.shape)}]: need at least one sample.", nameof(x));
        if (Axes == StandardizationAxes.PerChannel && x.dim() < 2) throw new ArgumentException("Per-channel standardisation needs (N, C, ...) input.", nameof(x));
        long[] dims = Axes == StandardizationAxes.PerElement ? [0] : [0, .. Enumerable.Range(2, (int)x.dim() - 2).Select(i => (long)i)];
        using var scope = torch.NewDisposeScope();
        var data = x.detach().to(torch.CPU).to_type(torch.ScalarType.Float64);
        var mean = data.mean(dims, keepdim: true);
        var std = (data - mean).square().mean(dims, keepdim: true).sqrt();
        std = torch.where(std.eq(0), torch.ones_like(std), std);
        Replace(mean.DetachFromDisposeScope(), std.DetachFromDisposeScope());
        return this;
    }

    /// <summary>Applies the fitted transform; the result is a new tensor owned by the caller, on the input's device.</summary>
    /// <param name="x">Input with the sample axis first.</param>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The shape of <paramref name="x"/> does not match the fitted one.</exception>
    public torch.Tensor Transform(torch.Tensor x)
    {
        CheckShape(x);
        using var scope = torch.NewDisposeScope();
        var type = x.is_floating_point() ? x.dtype : torch.ScalarType.Float32;
        var result = (x.to_type(type) - Mean.to(x.device).to_type(type)) / Std.to(x.device).to_type(type);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Undoes <see cref="Transform"/>: x * std + mean.</summary>
    /// <param name="x">Standardised data.</param>
    /// <returns>Data in the original units; owned by the caller.</returns>
    public torch.Tensor InverseTransform(torch.Tensor x)
    {
        CheckShape(x);
        using var scope = torch.NewDisposeScope();
        var type = x.is_floating_point() ? x.dtype : torch.ScalarType.Float32;
        var result = x.to_type(type) * Std.to(x.device).to_type(type) + Mean.to(x.device).to_type(type);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Fits on <paramref name="x"/> and transforms it.</summary>
    /// <param name="x">Training data.</param>
    /// <returns>The standardised data; owned by the caller.</returns>
    public torch.Tensor FitTransform(torch.Tensor x) => Fit(x).Transform(x);

    /// <summary>The fitted parameters as JSON, read back by <c>FromJson</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new State(Axes, TensorValues.From(Mean), TensorValues.From(Std)));

    /// <summary>Restores a standardiser saved with <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>A fitted standardiser.</returns>
    /// <exception cref="FormatException">The JSON does not describe a standardiser.</exception>
    public static Standardizer FromJson(string json)
    {
        State state;
        try
        {
            state = JsonSerializer.Deserialize<State>(json) ?? throw new FormatException("Standardizer JSON is null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a Standardizer state: {e.Message}", e);
        }
        if (state.Mean is null || state.Std is null || !state.Mean.Shape.SequenceEqual(state.Std.Shape))
            throw new FormatException("Standardizer JSON needs 'Mean' and 'Std' of the same shape.");
        var result = new Standardizer(state.Axes);
        result.Replace(state.Mean.ToTensor("Mean"), state.Std.ToTensor("Std"));
        return result;
    }

    /// <summary>Releases the fitted tensors.</summary>
    public void Dispose() => Replace(null, null);

    private void Replace(torch.Tensor? mean, torch.Tensor? std)
    {
        _mean?.Dispose();
        _std?.Dispose();
        _mean = mean;
        _std = std;
    }

    private void CheckShape(torch.Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var mean = Mean;
        bool ok = x.dim() == mean.dim();
        for (int i = 1; ok && i < mean.dim(); i++) ok = mean.shape[i] == 1 || mean.shape[i] == x.shape[i];
        if (!ok)
            throw new ArgumentException($"Input shape [{string.Join(", ", x.shape)}] does not match the fitted statistics of shape [{string.Join(", ", mean.shape)}].", nameof(x));
    }

    private static InvalidOperationException NotFitted() => new("The Standardizer is not fitted: call Fit on training data (or FromJson) first.");

    private sealed record State(StandardizationAxes Axes, TensorValues Mean, TensorValues Std);
}
