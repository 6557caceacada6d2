using DeepLearning.Torch.Data;
using TorchSharp;

namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// The one path from tensors to the arrays the metrics work on (the metrics never need libtorch themselves). Tensors
/// may live on any device and have any real dtype; they are copied to the CPU and left untouched. Labels follow
/// <see cref="ClassLabels"/>; scores follow <see cref="ScoreKind"/>.
/// </summary>
internal static class TensorInput
{
    /// <summary>Class index of each sample (see <see cref="ClassLabels"/>).</summary>
    public static int[] Labels(torch.Tensor labels, int? numClasses, string paramName)
    {
        ArgumentNullException.ThrowIfNull(labels, paramName);
        return ClassLabels.ToArray(labels, numClasses, paramName);
    }

    /// <summary>One score per sample for a binary classifier: [N] or [N, 1], or the signal column of two-class
    /// outputs [N, 2]; turned into probabilities and checked as <paramref name="kind"/> says.</summary>
    public static double[] BinaryScores(torch.Tensor scores, ScoreKind kind, string paramName)
    {
        ArgumentNullException.ThrowIfNull(scores, paramName);
        if (scores.dim() == 2 && scores.shape[1] == 2)
        {
            using var scope = torch.NewDisposeScope();
            var rows = ClassScores(scores, kind == ScoreKind.Logits ? kind : ScoreKind.Probabilities, paramName);
            var signal = new double[rows.GetLength(0)];
            for (int i = 0; i < signal.Length; i++)
                signal[i] = rows[i, 1];

            return signal;
        }

        if (!IsVector(scores))
        {
            throw new ArgumentException(
                $"Expected one score per sample, [N] or [N, 1], or two-class outputs [N, 2]; got a {scores.dtype} tensor of shape {Shape(scores)}. " +
                "For more classes use OneVsRestRoc or ConfusionMatrix.FromProbabilities.", paramName);
        }

        var values = Values(scores, paramName);
        if (kind == ScoreKind.Logits)
        {
            for (int i = 0; i < values.Length; i++)
                values[i] = Sigmoid(values[i]);
        }
        else if (kind == ScoreKind.Probabilities)
            CheckProbabilities(values, paramName);

        return values;
    }

    /// <summary>Class scores [N, C] (C &gt;= 2) as a matrix, turned into probabilities and checked as <paramref name="kind"/> says.</summary>
    public static double[,] ClassScores(torch.Tensor scores, ScoreKind kind, string paramName)
    {
        ArgumentNullException.ThrowIfNull(scores, paramName);
        if (scores.dim() != 2 || scores.shape[1] < 2)
        {
            throw new ArgumentException(
                $"Expected class scores [N, C] with C >= 2 (samples by classes); got a {scores.dtype} tensor of shape {Shape(scores)}.", paramName);
        }

        RequireReal(scores, paramName);
        using var scope = torch.NewDisposeScope();
        var x = scores.detach().cpu().to_type(torch.ScalarType.Float64);
        if (kind == ScoreKind.Logits)
            x = torch.nn.functional.softmax(x, 1);

        int n = (int)x.shape[0], k = (int)x.shape[1];
        var flat = x.contiguous().data<double>().ToArray();
        var result = new double[n, k];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        if (kind == ScoreKind.Probabilities)
            InputChecks.ProbabilityRows(result, paramName);

        return result;
    }

    /// <summary>Optional sample weights, one per sample ([N] or [N, 1]).</summary>
    public static double[]? Weights(torch.Tensor? weights, string paramName)
    {
        if (weights is null)
            return null;

        if (!IsVector(weights))
        {
            throw new ArgumentException($"Expected one weight per sample, [N] or [N, 1]; got a tensor of shape {Shape(weights)}.", paramName);
        }

        return Values(weights, paramName);
    }

    /// <summary>One real value per sample ([N] or [N, 1]) as doubles: scores, regression outputs and targets, weights.</summary>
    public static double[] Values(torch.Tensor values, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        if (!IsVector(values))
        {
            throw new ArgumentException($"Expected one value per sample, [N] or [N, 1]; got a {values.dtype} tensor of shape {Shape(values)}.", paramName);
        }

        RequireReal(values, paramName);
        using var scope = torch.NewDisposeScope();
        return values.detach().cpu().reshape(-1).to_type(torch.ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>One flag per sample ([N] or [N, 1]); non-zero values are true.</summary>
    public static bool[] Flags(torch.Tensor flags, string paramName) => Values(flags, paramName).Select(v => v != 0).ToArray();

    private static void CheckProbabilities(double[] p, string paramName)
    {
        for (int i = 0; i < p.Length; i++)
        {
            if (!(p[i] >= 0 && p[i] <= 1))
            {
                throw new ArgumentException(
                    $"Expected probabilities in [0, 1], got {p[i]} at index {i}; pass ScoreKind.Logits for logits or ScoreKind.Scores for scores of another scale.",
                    paramName);
            }
        }
    }

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static void RequireReal(torch.Tensor t, string paramName)
    {
        if (t.is_complex())
        {
            throw new ArgumentException($"Expected real numbers, got a {t.dtype} tensor.", paramName);
        }
    }

    private static bool IsVector(torch.Tensor t) => t.dim() == 1 || (t.dim() == 2 && t.shape[1] == 1);

    private static string Shape(torch.Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
