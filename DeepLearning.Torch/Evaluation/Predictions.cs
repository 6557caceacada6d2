namespace DeepLearning.Torch.Evaluation;

/// <summary>Turns scores into class predictions.</summary>
public static class Predictions
{
    /// <summary>Index of the largest value in each row (the first one on ties, as numpy.argmax).</summary>
    /// <param name="probabilities">One row per sample, one column per class; finite.</param>
    /// <exception cref="ArgumentException">No rows or columns, or a value is not finite.</exception>
    public static int[] ArgMax(double[,] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        int n = probabilities.GetLength(0), k = probabilities.GetLength(1);
        if (n == 0 || k == 0)
        {
            throw new ArgumentException($"Expected a non-empty matrix, got {n} x {k}.", nameof(probabilities));
        }

        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int j = 0; j < k; j++)
            {
                double v = probabilities[i, j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Expected finite values, got {v} at row {i}, column {j}.", nameof(probabilities));
                }

                if (v > probabilities[i, best])
                    best = j;
            }

            result[i] = best;
        }

        return result;
    }

    /// <summary>Binary predictions: 1 where <c>score &gt;= threshold</c>, else 0.</summary>
    /// <param name="scores">Scores of class 1; finite.</param>
    /// <param name="threshold">The cut.</param>
    public static int[] Threshold(double[] scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        InputChecks.Finite(scores, nameof(scores));
        var result = new int[scores.Length];
        for (int i = 0; i < scores.Length; i++)
            result[i] = scores[i] >= threshold ? 1 : 0;

        return result;
    }
}
