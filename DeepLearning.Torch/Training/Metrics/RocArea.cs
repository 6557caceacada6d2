namespace DeepLearning.Torch.Training.Metrics;

/// <summary>
/// The exact area under the ROC curve (scikit-learn <c>roc_auc_score</c> with <c>sample_weight</c>): samples sorted by
/// score, tied scores forming one point, the trapezoidal rule over (FPR, TPR) normalised by the last cumulative sums.
/// Kept here, below Evaluation, so that the training metric needs nothing from it.
/// </summary>
internal static class RocArea
{
    /// <summary>The area; the caller has checked that scores and weights are finite and both classes have positive weight.</summary>
    /// <param name="labels">0 or 1 per sample.</param>
    /// <param name="scores">Finite scores (only their order counts).</param>
    /// <param name="weights">Finite weights (negative allowed), or null for 1.</param>
    internal static double Compute(IReadOnlyList<int> labels, IReadOnlyList<double> scores, IReadOnlyList<double>? weights)
    {
        int n = labels.Count;
        var order = new int[n];
        var keys = new double[n];
        for (int i = 0; i < n; i++) (order[i], keys[i]) = (i, -scores[i]);
        Array.Sort(keys, order);   // descending scores; the order within a tie does not matter (a tie is one point)
        var fps = new List<double> { 0 };
        var tps = new List<double> { 0 };
        double fp = 0, tp = 0;
        for (int i = 0; i < n;)
        {
            double key = keys[i];
            for (; i < n && keys[i] == key; i++)
            {
                double w = weights?[order[i]] ?? 1;
                if (labels[order[i]] == 1) tp += w;
                else fp += w;
            }
            fps.Add(fp);
            tps.Add(tp);
        }
        double area = 0;
        for (int k = 1; k < fps.Count; k++)
            area += (fps[k] / fp - fps[k - 1] / fp) * (tps[k] / tp + tps[k - 1] / tp) / 2.0;
        return area;
    }
}
