using DeepLearning.Torch.Runtime;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.LossFunctions;

/// <summary>
/// Chi-square with a given covariance matrix V (D x D, symmetric positive definite): per sample
/// <c>r^T V^-1 r</c> with residual <c>r = prediction - target</c> of length D.
/// </summary>
/// <remarks>The inverse is computed once (float64, then cast to the prediction type) and owned by this loss; dispose it when done.</remarks>
public sealed class ChiSquare : Loss, IDisposable
{
    private readonly Tensor _inverse;

    /// <summary>Creates the loss for covariance <paramref name="covariance"/> (row-major, D x D).</summary>
    /// <param name="covariance">The covariance matrix of the targets' uncertainties.</param>
    /// <exception cref="ArgumentException">The matrix is not square, not symmetric, or not positive definite.</exception>
    public ChiSquare(double[,] covariance)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        TorchRuntime.EnsureLoaded();
        int d = covariance.GetLength(0);
        if (d == 0 || covariance.GetLength(1) != d)
            throw new ArgumentException($"Covariance must be a non-empty square matrix; got {covariance.GetLength(0)} x {covariance.GetLength(1)}.", nameof(covariance));
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
                if (Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-12 * Math.Max(1, Math.Abs(covariance[i, j])))
                    throw new ArgumentException($"Covariance must be symmetric; element [{i},{j}] = {covariance[i, j]} but [{j},{i}] = {covariance[j, i]}.", nameof(covariance));
        using var scope = NewDisposeScope();
        var v = tensor(covariance, dtype: ScalarType.Float64);
        var (cholesky, info) = linalg.cholesky_ex(v);
        if (info.item<int>() != 0)
            throw new ArgumentException("Covariance must be positive definite (its Cholesky factorisation failed).", nameof(covariance));
        _inverse = cholesky_inverse(cholesky).DetachFromDisposeScope();
        Dimension = d;
    }

    /// <summary>Number of outputs D.</summary>
    public int Dimension { get; }

    /// <inheritdoc />
    public override string Name => "chi_square";

    internal override string Call => "Losses.ChiSquare(covariance)";

    internal override bool ElementwiseTargets => true;

    /// <inheritdoc />
    public override Tensor PerSample(Tensor prediction, Tensor target)
    {
        var r = prediction - Align(prediction, target);
        if (r.dim() != 2 || r.shape[1] != Dimension)
            throw new ArgumentException($"{Name}: predictions must have shape [B, {Dimension}]; got [{Shape(prediction)}].", nameof(prediction));
        using var inverse = _inverse.to(r.device).to_type(r.dtype);
        return (r.matmul(inverse) * r).sum(1);
    }

    /// <summary>Disposes the stored inverse covariance.</summary>
    public void Dispose() => _inverse.Dispose();
}
