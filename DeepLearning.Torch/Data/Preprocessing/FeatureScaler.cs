using TorchSharp;

namespace DeepLearning.Torch.Data.Preprocessing;

/// <summary>
/// What <see cref="Standardizer"/> and <see cref="MinMaxScaler"/> share: an affine transform of each element of a
/// sample, <c>(x - offset) / scale</c>, whose statistics are fitted on training data (sample axis first), kept in
/// float64 on the CPU and cast to the input's type and device when applied. Disposing releases the fitted tensors.
/// </summary>
public abstract class FeatureScaler : IDisposable
{
    private protected FeatureScaler(FittedAffine affine) => Affine = affine;

    /// <summary>Whether <c>Fit</c> has been called (or the state was loaded with <c>FromJson</c>).</summary>
    public bool IsFitted => Affine.IsFitted;

    private protected FittedAffine Affine { get; }

    /// <summary>Applies the fitted transform; the result is a new tensor owned by the caller, on the input's device.</summary>
    /// <param name="x">Input with the sample axis first.</param>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The shape of <paramref name="x"/> does not match the fitted one.</exception>
    public torch.Tensor Transform(torch.Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return MapUnit(Affine.Forward(x)).MoveToOuterDisposeScope();
    }

    /// <summary>Fits on <paramref name="x"/> and transforms it.</summary>
    /// <param name="x">Training data.</param>
    /// <returns>The transformed data; owned by the caller.</returns>
    public torch.Tensor FitTransform(torch.Tensor x) => Fit(this, x).Transform(x);

    /// <summary>Releases the fitted tensors.</summary>
    public void Dispose() => Affine.Dispose();

    /// <summary>Fits the offset and scale of <paramref name="scaler"/> on <paramref name="x"/>, replacing earlier ones; returns the scaler.</summary>
    private protected static TScaler Fit<TScaler>(TScaler scaler, torch.Tensor x) where TScaler : FeatureScaler
    {
        using var scope = torch.NewDisposeScope();
        var (offset, scale) = scaler.Statistics(scaler.Affine.TrainingData(x), x);
        scaler.Affine.Replace(offset, scale);
        return scaler;
    }

    /// <summary>The offset and scale (zeros replaced by 1) of the training data, shaped to broadcast against a batch.</summary>
    /// <param name="data">The training data in float64 on the CPU.</param>
    /// <param name="x">The training data as given.</param>
    private protected abstract (torch.Tensor Offset, torch.Tensor Scale) Statistics(torch.Tensor data, torch.Tensor x);

    /// <summary>Maps <c>(x - offset) / scale</c> to the output range; the identity by default.</summary>
    private protected virtual torch.Tensor MapUnit(torch.Tensor scaled) => scaled;
}
