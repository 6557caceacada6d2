namespace DeepLearning.Torch.Evaluation;

/// <summary>Argument validation shared by the metrics; every message names the argument.</summary>
internal static class InputChecks
{
    public static void NotEmpty<T>(ReadOnlySpan<T> values, string paramName)
    {
        if (values.Length == 0)
            throw new ArgumentException("Expected at least one sample, got an empty array.", paramName);
    }

    public static void SameLength(int expected, int actual, string expectedName, string paramName)
    {
        if (expected != actual)
        {
            throw new ArgumentException(
                $"Expected {expected} values (the length of '{expectedName}'), got {actual}.", paramName);
        }
    }

    public static void Finite(ReadOnlySpan<double> values, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"Expected finite values, got {values[i]} at index {i}.", paramName);
            }
        }
    }

    /// <summary>Validates optional weights: same length as the labels and finite.</summary>
    public static void Weights(double[]? weights, int n, string paramName)
    {
        if (weights is null)
            return;

        SameLength(n, weights.Length, "labels", paramName);
        Finite(weights, paramName);
    }

    public static void Fraction(double value, string paramName, bool allowZero = false, bool allowOne = true)
    {
        bool ok = (allowZero ? value >= 0 : value > 0) && (allowOne ? value <= 1 : value < 1);
        if (!ok || double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value,
                $"Expected a fraction in {(allowZero ? "[" : "(")}0, 1{(allowOne ? "]" : ")")}.");
        }
    }

    /// <summary>Probability rows: values in [0, 1] (so finite), each row summing to 1 within 1e-8 + 1e-5 |sum| (scikit-learn's check).</summary>
    public static void ProbabilityRows(double[,] p, string paramName)
    {
        for (int i = 0; i < p.GetLength(0); i++)
        {
            double s = 0;
            for (int j = 0; j < p.GetLength(1); j++)
            {
                if (!(p[i, j] >= 0 && p[i, j] <= 1))
                {
                    throw new ArgumentException(
                        $"Expected probabilities in [0, 1], got {p[i, j]} at row {i}, column {j} (for logits pass ScoreKind.Logits with a tensor).", paramName);
                }

                s += p[i, j];
            }

            if (Math.Abs(1 - s) > 1e-8 + (1e-5 * Math.Abs(s)))
            {
                throw new ArgumentException(
                    $"Expected each row to sum to 1 (probabilities), row {i} sums to {s} (for logits pass ScoreKind.Logits with a tensor).", paramName);
            }
        }
    }
}
