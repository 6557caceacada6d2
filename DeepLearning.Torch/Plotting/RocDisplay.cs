using System.Globalization;
using DeepLearning.Torch.Evaluation;
using ScottPlot;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// ROC curves on linear axes (background efficiency against signal efficiency, i.e. FPR against TPR as
/// scikit-learn's <c>RocCurveDisplay</c>), the AUC of each model in the legend and the chance diagonal.
/// </summary>
public sealed class RocDisplay : RocCurvesDisplay<RocDisplay>
{
    /// <summary>Starts a display with one model.</summary>
    /// <param name="roc">The model's ROC curve.</param>
    /// <param name="name">Legend name of the model.</param>
    public static RocDisplay From(RocCurve roc, string name) => new RocDisplay().Add(roc, name);

    /// <summary>Draws the curves into a new plot (customise it, then save it).</summary>
    public Plot Plot()
    {
        var plot = HouseStyle.CreatePlot("False positive rate (background efficiency)", "True positive rate (signal efficiency)");
        var chance = plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 }, Colors.Gray);
        chance.LinePattern = LinePattern.Dashed;
        chance.LineWidth = 1.5f;
        chance.LegendText = "Chance (AUC = 0.5)";
        for (int i = 0; i < Curves.Count; i++)
        {
            var (roc, name) = Curves[i];
            var (x, y) = CurveThinning.Thin(roc.Fpr, roc.Tpr, 1e-3);
            var line = plot.Add.ScatterLine(x, y, HouseStyle.SeriesColor(i));
            line.LineWidth = HouseStyle.LineWidth;
            line.LinePattern = HouseStyle.SeriesPattern(i);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{name} (AUC = {roc.Auc():F3})");
        }

        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        HouseStyle.ShowLegend(plot, Alignment.LowerRight);
        return plot;
    }
}
