using System.Globalization;
using DeepLearning.Torch.Evaluation;
using ScottPlot;
using Tensor = TorchSharp.torch.Tensor;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// A regression model's predictions against the truth: <see cref="Plot"/> draws prediction against true value (points,
/// or a 2-D histogram for large samples) with the diagonal y = x on equal axes, <see cref="ResidualPlot"/> the residual
/// (prediction - truth) against the true value, <see cref="ResidualHistogram"/> the residual distribution with its mean
/// and standard deviation, and <see cref="Figure"/> the first over the second on a shared x axis.
/// </summary>
public sealed class RegressionDisplay
{
    private readonly double[] _predictions;
    private readonly double[] _targets;
    private readonly double[] _residuals;

    private RegressionDisplay(double[] predictions, double[] targets)
    {
        _predictions = predictions;
        _targets = targets;
        _residuals = predictions.Zip(targets, (p, t) => p - t).ToArray();
        Bias = _residuals.Average();
        Rmse = Math.Sqrt(_residuals.Average(r => r * r));
        Mae = _residuals.Average(Math.Abs);
        ResidualStandardDeviation = Math.Sqrt(_residuals.Average(r => (r - Bias) * (r - Bias)));
    }

    /// <summary>Name of the predicted quantity in the axis labels, e.g. "jet mass [GeV]".</summary>
    /// <value>Default "value".</value>
    public string Quantity { get; set; } = "value";

    /// <summary>Samples up to which points are drawn; larger samples are drawn as a 2-D histogram.</summary>
    /// <value>Default 5000.</value>
    public int MaxScatterPoints { get; set; } = 5000;

    /// <summary>Bins per axis of the 2-D histogram and of the residual histogram.</summary>
    /// <value>Default 50; at least 2.</value>
    public int Bins { get; set; } = 50;

    /// <summary>Mean residual, mean(prediction - truth).</summary>
    public double Bias { get; }

    /// <summary>Root mean squared error.</summary>
    public double Rmse { get; }

    /// <summary>Mean absolute error.</summary>
    public double Mae { get; }

    /// <summary>Standard deviation of the residuals (population, 1/N).</summary>
    public double ResidualStandardDeviation { get; }

    /// <summary>Creates the display.</summary>
    /// <param name="predictions">Predicted value per sample; finite.</param>
    /// <param name="targets">True value per sample; finite, as many as predictions.</param>
    /// <exception cref="ArgumentException">Lengths differ, input is empty, or a value is not finite.</exception>
    public static RegressionDisplay From(double[] predictions, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        InputChecks.NotEmpty<double>(predictions, nameof(predictions));
        InputChecks.SameLength(predictions.Length, targets.Length, nameof(predictions), nameof(targets));
        InputChecks.Finite(predictions, nameof(predictions));
        InputChecks.Finite(targets, nameof(targets));
        return new RegressionDisplay((double[])predictions.Clone(), (double[])targets.Clone());
    }

    /// <summary>Creates the display from a model's outputs (tensors on any device and of any real dtype, copied to the CPU
    /// and left untouched).</summary>
    /// <param name="predictions">One prediction per sample, [N] or [N, 1].</param>
    /// <param name="targets">One true value per sample, [N] or [N, 1].</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, or as the array overload.</exception>
    public static RegressionDisplay From(Tensor predictions, Tensor targets)
        => From(TensorInput.Values(predictions, nameof(predictions)), TensorInput.Values(targets, nameof(targets)));

    /// <summary>Prediction against true value with the diagonal, both axes over the same range.</summary>
    public Plot Plot()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Bins, 2, nameof(Bins));
        var plot = HouseStyle.CreatePlot("True " + Quantity, "Predicted " + Quantity);
        var (lo, hi) = Range(_targets.Concat(_predictions));
        if (_targets.Length <= MaxScatterPoints)
        {
            var points = plot.Add.ScatterPoints(_targets, _predictions, HouseStyle.SeriesColor(1).WithAlpha(0.5));
            points.MarkerSize = _targets.Length > 1000 ? 4 : 6;
            points.MarkerShape = MarkerShape.FilledCircle;
            points.LegendText = string.Create(CultureInfo.InvariantCulture, $"{_targets.Length} samples");
        }
        else
        {
            AddHistogram2D(plot, lo, hi);
        }

        var diagonal = plot.Add.ScatterLine(new[] { lo, hi }, new[] { lo, hi }, HouseStyle.SeriesColor(2));
        diagonal.LineWidth = HouseStyle.LineWidth;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = string.Create(CultureInfo.InvariantCulture, $"prediction = truth (RMSE {Rmse:G3}, bias {Bias:G3})");
        plot.Axes.SetLimits(lo, hi, lo, hi);
        plot.Axes.SquareUnits();
        HouseStyle.ShowLegend(plot, Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Residual (prediction - truth) against true value, with the zero line and the mean residual.</summary>
    public Plot ResidualPlot()
    {
        var plot = HouseStyle.CreatePlot("True " + Quantity, "Prediction - truth");
        var (lo, hi) = Range(_targets.Concat(_predictions));
        var points = plot.Add.ScatterPoints(_targets, _residuals, HouseStyle.SeriesColor(1).WithAlpha(_targets.Length > MaxScatterPoints ? 0.15 : 0.5));
        points.MarkerSize = _targets.Length > 1000 ? 3 : 6;
        points.MarkerShape = MarkerShape.FilledCircle;
        var zero = plot.Add.HorizontalLine(0, HouseStyle.LineWidth, HouseStyle.SeriesColor(2), LinePattern.Dashed);
        zero.LineWidth = HouseStyle.LineWidth;
        double spread = Math.Max(_residuals.Max(Math.Abs), 1e-12);
        plot.Axes.SetLimits(lo, hi, -1.1 * spread, 1.1 * spread);
        return plot;
    }

    /// <summary>Distribution of the residuals (prediction - truth), with mean and standard deviation in the legend.</summary>
    public Plot ResidualHistogram()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Bins, 2, nameof(Bins));
        var plot = HouseStyle.CreatePlot("Prediction - truth", "Samples");
        var (lo, hi) = Range(_residuals);
        double width = (hi - lo) / Bins;
        var counts = new double[Bins];
        foreach (double r in _residuals)
        {
            counts[Math.Clamp((int)((r - lo) / width), 0, Bins - 1)]++;
        }

        var histogram = HouseStyle.AddFilledHistogram(plot, lo, width, counts, HouseStyle.SeriesColor(1));
        histogram.LegendText = string.Create(CultureInfo.InvariantCulture,
            $"mean {Bias:G3}, std. dev. {ResidualStandardDeviation:G3}, MAE {Mae:G3}");
        var zero = plot.Add.VerticalLine(0, 1.5f, HouseStyle.SeriesColor(2), LinePattern.Dashed);
        zero.LineWidth = 1.5f;
        plot.Axes.SetLimits(lo, hi, 0, counts.Max() * 1.25);
        HouseStyle.ShowLegend(plot, Alignment.UpperRight);
        return plot;
    }

    /// <summary>Prediction against truth over the residual panel (3:1.2 heights), sharing the x axis.</summary>
    public StackedFigure Figure()
    {
        var main = Plot();
        var residual = ResidualPlot();
        main.XLabel(string.Empty);
        main.Axes.Bottom.TickLabelStyle.IsVisible = false;
        bool colorBar = _targets.Length > MaxScatterPoints; // the 2-D histogram's colour bar needs room on the right
        return new StackedFigure([main, residual], [3f, 1.2f]) { RightPadding = colorBar ? 120 : 25 };
    }

    /// <summary>Counts of (truth, prediction) in Bins x Bins cells over [lo, hi]^2; empty cells stay transparent.</summary>
    private void AddHistogram2D(Plot plot, double lo, double hi)
    {
        double width = (hi - lo) / Bins;
        var counts = new double[Bins, Bins];
        for (int i = 0; i < _targets.Length; i++)
        {
            int x = Math.Clamp((int)((_targets[i] - lo) / width), 0, Bins - 1);
            int y = Math.Clamp((int)((_predictions[i] - lo) / width), 0, Bins - 1);
            counts[Bins - 1 - y, x]++; // heatmap row 0 is drawn at the top
        }

        double max = 0;
        for (int r = 0; r < Bins; r++)
        {
            for (int c = 0; c < Bins; c++)
            {
                max = Math.Max(max, counts[r, c]);
                counts[r, c] = counts[r, c] == 0 ? double.NaN : counts[r, c];
            }
        }

        var heatmap = plot.Add.Heatmap(counts);
        heatmap.Colormap = HouseStyle.Blues();
        heatmap.NaNCellColor = Colors.Transparent;
        heatmap.Rectangle = new CoordinateRect(lo, hi, lo, hi);
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(max, 1));
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "Samples per cell";
        bar.Axis.TickLabelStyle.FontName = HouseStyle.FontName;
        bar.Axis.TickLabelStyle.FontSize = HouseStyle.TickSize;
        bar.Axis.Label.FontName = HouseStyle.FontName;
    }

    private static (double Lo, double Hi) Range(IEnumerable<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        double pad = hi > lo ? 0.03 * (hi - lo) : 0.5;
        return (lo - pad, hi + pad);
    }
}
