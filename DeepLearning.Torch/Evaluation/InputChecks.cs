namespace DeepLearning.Torch.Evaluation;

/// <summary>Argument validation shared by the metrics; every message names the argument.</summary>
internal static class InputChecks
{
    public static void NotEmpty<T>(ReadOnlySpan<T> values, string paramName)
    {
        if (values.Length == 0)
        {
            throw new ArgumentException("Expected at least one sample, got an empty array.", paramName);
        }
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

    public static void BinaryLabels(ReadOnlySpan<int> labels, string paramName)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 0 && labels[i] != 1)
            {
                throw new ArgumentException(
                    $"Expected binary labels 0 (background) or 1 (signal), got {labels[i]} at index {i}.", paramName);
            }
        }
    }

    public static void ClassLabels(ReadOnlySpan<int> labels, int numClasses, string paramName)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)numClasses)
            {
                throw new ArgumentException(
                    $"Expected class labels in 0..{numClasses - 1}, got {labels[i]} at index {i}.", paramName);
            }
        }
    }

    /// <summary>Validates optional weights: same length as the labels and finite.</summary>
    public static void Weights(double[]? weights, int n, string paramName)
    {
        if (weights is null)
        {
            return;
        }

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
}
