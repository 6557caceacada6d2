using DeepLearning.Torch.Data;

namespace DeepLearning.Torch.Evaluation;

/// <summary>Validates binary-classifier input and sorts it once.</summary>
internal static class BinaryInput
{
    /// <summary>Checks lengths, labels, scores and weights, then sorts the sample.</summary>
    public static SortedScores Prepare(int[] labels, double[] scores, double[]? weights, string scoresName = "scores")
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores, scoresName);
        InputChecks.NotEmpty<int>(labels, nameof(labels));
        InputChecks.SameLength(labels.Length, scores.Length, nameof(labels), scoresName);
        ClassLabels.Check(labels, 2, nameof(labels));
        InputChecks.Finite(scores, scoresName);
        InputChecks.Weights(weights, labels.Length, nameof(weights));
        return SortedScores.Create(scores, labels, weights);
    }

    /// <summary>Throws when one class is absent (or has no positive total weight): the curve is undefined.</summary>
    public static void RequireBothClasses(SortedScores s)
    {
        if (!(s.PositiveTotal > 0))
        {
            throw new ArgumentException(
                "Only one class present: no signal (label 1) with positive total weight, so the ROC curve and AUC are undefined.",
                "labels");
        }

        if (!(s.NegativeTotal > 0))
        {
            throw new ArgumentException(
                "Only one class present: no background (label 0) with positive total weight, so the ROC curve and AUC are undefined.",
                "labels");
        }
    }

    /// <summary>Converts single-precision scores exactly to double.</summary>
    public static double[] ToDouble(float[] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var result = new double[scores.Length];
        for (int i = 0; i < scores.Length; i++)
            result[i] = scores[i];

        return result;
    }
}
