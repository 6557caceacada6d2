using System.Globalization;
using DeepLearning.Torch.Evaluation;
using ScottPlot;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// Confusion-matrix heatmap as scikit-learn's <c>ConfusionMatrixDisplay</c>: true classes by row (the first
/// at the top), predicted classes by column (the first at the left), every cell annotated with its count or
/// fraction, class names on both axes, and a colour bar.
/// </summary>
public sealed class ConfusionMatrixDisplay
{
    private readonly ConfusionMatrix _matrix;
    private readonly ConfusionNormalization _normalization;

    private ConfusionMatrixDisplay(ConfusionMatrix matrix, ConfusionNormalization normalization)
    {
        _matrix = matrix;
        _normalization = normalization;
    }

    /// <summary>Cell text format for normalised matrices.</summary>
    /// <value>Default "0.00".</value>
    public string FractionFormat { get; init; } = "0.00";

    /// <summary>Creates the display.</summary>
    /// <param name="matrix">The confusion matrix.</param>
    /// <param name="normalization">Normalisation of the shown values (default raw counts).</param>
    public static ConfusionMatrixDisplay From(ConfusionMatrix matrix, ConfusionNormalization normalization = ConfusionNormalization.None)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new ConfusionMatrixDisplay(matrix, normalization);
    }

    /// <summary>Draws the heatmap into a new plot.</summary>
    public Plot Plot()
    {
        int k = _matrix.NumClasses;
        var values = _matrix.ToArray(_normalization);
        var plot = HouseStyle.CreatePlot("Predicted label", "True label");
        var heatmap = plot.Add.Heatmap(values); // row 0 of the array is drawn at the top
        heatmap.Colormap = HouseStyle.Blues();
        heatmap.Rectangle = new CoordinateRect(-0.5, k - 0.5, -0.5, k - 0.5);
        double max = Math.Max(values.Cast<double>().Max(), 0);
        double min = Math.Min(values.Cast<double>().Min(), 0);
        heatmap.ManualRange = new ScottPlot.Range(min, max > min ? max : min + 1);
        float fontSize = Math.Clamp(150f / k, 9f, 22f);
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double v = values[i, j];
                var text = plot.Add.Text(Format(v), j, k - 1 - i);
                text.LabelFontName = HouseStyle.FontName;
                text.LabelFontSize = fontSize;
                text.LabelAlignment = Alignment.MiddleCenter;
                bool dark = max > min && (v - min) / (max - min) > 0.5;
                text.LabelFontColor = dark ? Colors.White : Colors.Black;
            }
        }

        var ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, _matrix.ClassNames.ToArray());
        plot.Axes.Left.SetTicks(ticks.Reverse().ToArray(), _matrix.ClassNames.ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontName = HouseStyle.FontName;
        plot.Axes.Left.TickLabelStyle.FontName = HouseStyle.FontName;
        plot.Axes.Bottom.TickLabelStyle.FontSize = HouseStyle.TickSize;
        // Long class names would run into each other under narrow cells: slant them.
        if (_matrix.NumClasses * _matrix.ClassNames.Max(n => n.Length) > 40)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
            plot.Axes.Bottom.MinimumSize = 90;
        }
        plot.Axes.Left.TickLabelStyle.FontSize = HouseStyle.TickSize;
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.Grid.IsVisible = false;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Axis.TickLabelStyle.FontName = HouseStyle.FontName;
        bar.Axis.TickLabelStyle.FontSize = HouseStyle.TickSize;
        return plot;
    }

    private string Format(double v) => _normalization == ConfusionNormalization.None
        ? (v == Math.Round(v) ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.#", CultureInfo.InvariantCulture))
        : v.ToString(FractionFormat, CultureInfo.InvariantCulture);
}
