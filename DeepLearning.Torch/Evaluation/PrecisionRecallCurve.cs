namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Precision-recall curve of a binary classifier with scikit-learn 1.2 <c>precision_recall_curve</c>
/// semantics: one point per distinct score, ordered by increasing threshold (recall decreasing), followed by
/// the point (recall 0, precision 1) that has no threshold. Precision is 0 where nothing is selected.
/// </summary>
public sealed class PrecisionRecallCurve
{
    private readonly double[] _precision;
    private readonly double[] _recall;

    private PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds)
    {
        _precision = precision;
        _recall = recall;
        Thresholds = thresholds;
    }

    /// <summary>Precision tp / (tp + fp) at each threshold, then 1.</summary>
    public IReadOnlyList<double> Precision => _precision;

    /// <summary>Recall tp / P at each threshold, then 0.</summary>
    public IReadOnlyList<double> Recall => _recall;

    /// <summary>Increasing distinct scores (one fewer than precision and recall).</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Computes the curve.</summary>
    /// <param name="labels">Binary labels: 1 positive (signal), 0 negative.</param>
    /// <param name="scores">Classifier scores; finite.</param>
    /// <param name="weights">Optional sample weights.</param>
    /// <exception cref="ArgumentException">Lengths differ, input is empty, a value is not finite, a label is
    /// not 0/1, or there is no positive sample (recall undefined).</exception>
    public static PrecisionRecallCurve Compute(int[] labels, double[] scores, double[]? weights = null)
    {
        var sorted = BinaryInput.Prepare(labels, scores, weights);
        if (!(sorted.PositiveTotal > 0))
        {
            throw new ArgumentException(
                "No signal (label 1) with positive total weight: recall and average precision are undefined.", nameof(labels));
        }

        int m = sorted.PointCount;
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new double[m];
        double total = sorted.PositiveTotal;
        var c = sorted.Points();
        for (int i = m - 1; c.MoveNext(); i--) // written reversed: increasing threshold
        {
            double ps = c.Tp + c.Fp;
            precision[i] = ps != 0 ? c.Tp / ps : 0;
            recall[i] = c.Tp / total;
            thresholds[i] = c.Threshold;
        }

        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /// <summary>Computes the curve from a model's outputs (tensors on any device, copied to the CPU and left untouched).</summary>
    /// <param name="labels">0/1 labels as <see cref="Data.ClassLabels"/> reads them ([N] or [N, 1] integer, bool or 0/1
    /// float values, or one-hot rows [N, 2]).</param>
    /// <param name="scores">Scores, probabilities or logits [N] or [N, 1], or two-class outputs [N, 2].</param>
    /// <param name="weights">Optional sample weights [N] or [N, 1].</param>
    /// <param name="kind">What <paramref name="scores"/> holds; the curve does not depend on it, the thresholds do
    /// (probabilities with <see cref="ScoreKind.Logits"/>). Default <see cref="ScoreKind.Scores"/>.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, the labels are not 0/1 class labels, or as the array overload.</exception>
    public static PrecisionRecallCurve Compute(TorchSharp.torch.Tensor labels, TorchSharp.torch.Tensor scores, TorchSharp.torch.Tensor? weights = null,
        ScoreKind kind = ScoreKind.Scores)
        => Compute(TensorInput.Labels(labels, 2, nameof(labels)), TensorInput.BinaryScores(scores, kind, nameof(scores)),
            TensorInput.Weights(weights, nameof(weights)));

    /// <summary>
    /// Average precision, sum over thresholds of (R_n - R_{n-1}) P_n (step-wise, no interpolation), equal to
    /// scikit-learn's <c>average_precision_score</c>.
    /// </summary>
    public double AveragePrecision()
    {
        double sum = 0;
        for (int i = 0; i + 1 < _recall.Length; i++)
            sum += (_recall[i] - _recall[i + 1]) * _precision[i];

        return sum;
    }
}
