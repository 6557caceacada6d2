using static TorchSharp.torch;

namespace DeepLearning.Examples.Regression;

/// <summary>
/// A documented toy with known noise, so that a fit's chi-square per degree of freedom can be checked against 1: an input
/// <c>x ~ Uniform[-3, 3]</c> and D measured values <c>y = f(x) + e</c>, with <c>e ~ N(0, V)</c>.
/// </summary>
/// <remarks>
/// <para>One value (D = 1, the lecture's function fit): <c>f(x) = sin(2x) + x/2</c>, <c>sigma = 0.1</c>.</para>
/// <para>
/// Two values (D = 2), say two calorimeter readouts of one deposit that share an upstream energy loss, so their errors
/// correlate: <c>f1(x) = sin(2x) + x/2</c>, <c>f2(x) = 1.5 exp(-x^2/2) cos(x)</c>, <c>sigma1 = 0.1</c>, <c>sigma2 = 0.2</c>,
/// correlation <c>rho = 0.6</c>. The noise is <c>L z</c> with <c>L</c> the Cholesky factor of <c>V</c> and <c>z</c> standard normal.
/// </para>
/// </remarks>
/// <param name="X">Inputs, (N, 1) float32.</param>
/// <param name="Y">Measured values, (N, D) float32.</param>
/// <param name="Truth">The noise-free values f(x), (N, D) float32.</param>
/// <param name="Covariance">V, D x D.</param>
public sealed record ToyMeasurements(Tensor X, Tensor Y, Tensor Truth, double[,] Covariance)
{
    /// <summary>The range of x.</summary>
    public const double XMin = -3, XMax = 3;

    /// <summary>The covariance of the two-value toy.</summary>
    public static double[,] TwoValueCovariance { get; } = Covariance2(0.1, 0.2, 0.6);

    /// <summary>Draws <paramref name="count"/> samples with their own generator (libtorch's global generator is not used).</summary>
    /// <param name="count">Samples.</param>
    /// <param name="dimension">1 or 2 measured values.</param>
    /// <param name="seed">Seed of the draw.</param>
    /// <returns>The samples, in the current dispose scope.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Dimension is not 1 or 2, or count is below 1.</exception>
    public static ToyMeasurements Generate(int count, int dimension, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (dimension is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The toy has 1 or 2 measured values.");
        using var generator = new Generator((ulong)seed);
        var x = rand(count, 1, dtype: ScalarType.Float64, generator: generator) * (XMax - XMin) + XMin;
        var truth = TruthOf(x, dimension);
        var v = dimension == 1 ? new double[,] { { 0.01 } } : TwoValueCovariance;
        var l = linalg.cholesky(tensor(v));
        var noise = randn(count, dimension, dtype: ScalarType.Float64, generator: generator).matmul(l.T);
        return new ToyMeasurements(x.to_type(ScalarType.Float32), (truth + noise).to_type(ScalarType.Float32), truth.to_type(ScalarType.Float32), v);
    }

    /// <summary>f(x) for inputs (N, 1), as (N, D) in the inputs' dtype.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="dimension">1 or 2.</param>
    /// <returns>The noise-free values.</returns>
    public static Tensor TruthOf(Tensor x, int dimension)
    {
        ArgumentNullException.ThrowIfNull(x);
        var f1 = (2 * x).sin() + 0.5 * x;
        return dimension == 1 ? f1 : cat([f1, 1.5 * (-0.5 * x.square()).exp() * x.cos()], 1);
    }

    private static double[,] Covariance2(double sigma1, double sigma2, double rho) => new[,]
    {
        { sigma1 * sigma1, rho * sigma1 * sigma2 },
        { rho * sigma1 * sigma2, sigma2 * sigma2 },
    };
}
