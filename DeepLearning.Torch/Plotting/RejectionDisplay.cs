using System.Globalization;
using DeepLearning.Torch.Evaluation;
using ScottPlot;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// Background rejection 1/eps_B against signal efficiency eps_S, as physicists draw it: logarithmic y axis
/// (log10 of the rejection plotted with decade labels and minor ticks), one line per model with a band of
/// plus/minus one binomial standard deviation (<see cref="RejectionPoint.RejectionError"/>), and optionally
/// a ratio panel to the first model. Where no background passes, the rejection has no value: the plot shows its lower
/// limit at <see cref="ConfidenceLevel"/> instead (<see cref="RejectionPoint.RejectionLowerLimit"/>), as a dotted line
/// with upward triangles, and the legend quotes it as "&gt; limit".
/// </summary>
public sealed class RejectionDisplay : RocCurvesDisplay<RejectionDisplay>
{
    /// <summary>Lowest signal efficiency drawn.</summary>
    /// <value>Default 0.1; in (0, 1).</value>
    public double MinSignalEfficiency { get; init; } = 0.1;

    /// <summary>Number of signal-efficiency grid points per curve.</summary>
    /// <value>Default 200; at least 2.</value>
    public int Points { get; init; } = 200;

    /// <summary>Confidence level of the lower limits drawn where no background passes.</summary>
    /// <value>Default 0.95; in (0, 1).</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Ratios the ratio panel draws on a linear axis; beyond them (either way) it switches to a logarithmic one.</summary>
    /// <value>Default 3; greater than 1.</value>
    public double LinearRatioRange { get; init; } = 3;

    /// <summary>Starts a display with one model.</summary>
    /// <param name="roc">The model's ROC curve.</param>
    /// <param name="name">Legend name.</param>
    public static RejectionDisplay From(RocCurve roc, string name) => new RejectionDisplay().Add(roc, name);

    /// <summary>Draws the rejection curves into a new plot.</summary>
    public Plot Plot()
    {
        var plot = HouseStyle.CreatePlot("Signal efficiency ε_S", "Background rejection 1/ε_B");
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (int i = 0; i < Curves.Count; i++)
        {
            var (x, r, err, limitX, limit) = Sample(Curves[i].Roc);
            var color = HouseStyle.SeriesColor(i);
            AddLimits(plot, limitX, limit, color, Curves[i].Name, ref yMin, ref yMax);
            var lo = new List<double>();
            var hi = new List<double>();
            var xb = new List<double>();
            var y = new double[x.Length];
            for (int k = 0; k < x.Length; k++)
            {
                y[k] = Math.Log10(r[k]);
                yMin = Math.Min(yMin, y[k]);
                yMax = Math.Max(yMax, y[k]);
                if (double.IsFinite(err[k]))
                {
                    xb.Add(x[k]);
                    lo.Add(Math.Log10(Math.Max(r[k] - err[k], r[k] * 0.05)));
                    hi.Add(Math.Log10(r[k] + err[k]));
                    yMax = Math.Max(yMax, hi[^1]);
                }
            }

            if (xb.Count > 1)
            {
                var band = plot.Add.FillY(xb.ToArray(), lo.ToArray(), hi.ToArray());
                band.FillColor = color.WithAlpha(0.25);
                band.LineWidth = 0;
            }

            if (x.Length == 0)
            {
                continue; // no background passes anywhere on the grid: only the limits are drawn
            }

            var line = plot.Add.ScatterLine(x, y, color);
            line.LineWidth = HouseStyle.LineWidth;
            line.LinePattern = HouseStyle.SeriesPattern(i);
            line.LegendText = Legend(Curves[i].Roc, Curves[i].Name);
        }

        HouseStyle.UseLog10YAxis(plot);
        if (double.IsFinite(yMin))
        {
            plot.Axes.SetLimits(MinSignalEfficiency, 1, Math.Floor(yMin), Math.Ceiling(yMax + 0.05));
        }

        // Falling curves leave the upper right free, unless limits (no background passes) reach into the right half; the
        // lower left is then the free corner. A legend there covers curves once it lists several models.
        bool limitsOnTheRight = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()
            .Where(s => s.MarkerShape == MarkerShape.FilledTriangleUp)
            .Any(s => s.Data.GetScatterPoints().Any(p => p.X > (MinSignalEfficiency + 1) / 2));
        HouseStyle.ShowLegend(plot, limitsOnTheRight ? Alignment.LowerLeft : Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// Ratio of each model's rejection to that of model <paramref name="reference"/>: on a linear axis while every ratio
    /// lies within [1/<see cref="LinearRatioRange"/>, <see cref="LinearRatioRange"/>], else on a logarithmic one (decade
    /// labels), so that one model far ahead, or a ratio of a few background jets at low ε_S, does not flatten the others.
    /// </summary>
    /// <param name="reference">Index of the reference model (default 0, the first added).</param>
    public Plot RatioPlot(int reference = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reference);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(reference, Curves.Count);
        if (!(LinearRatioRange > 1))
        {
            throw new InvalidOperationException($"Expected LinearRatioRange > 1, got {LinearRatioRange}.");
        }

        var plot = HouseStyle.CreatePlot("Signal efficiency ε_S", "Ratio to " + Curves[reference].Name);
        var refRoc = Curves[reference].Roc;
        var series = new List<(int Index, double[] X, double[] Y)>();
        for (int i = 0; i < Curves.Count; i++)
        {
            if (i == reference)
            {
                continue;
            }

            var xs = new List<double>();
            var ys = new List<double>();
            foreach (double eff in Grid())
            {
                double ratio = Curves[i].Roc.BackgroundRejectionAt(eff) / refRoc.BackgroundRejectionAt(eff);
                if (double.IsFinite(ratio) && ratio > 0)
                {
                    xs.Add(eff);
                    ys.Add(ratio);
                }
            }

            series.Add((i, xs.ToArray(), ys.ToArray()));
        }

        var all = series.SelectMany(s => s.Y).ToList();
        bool log = all.Count > 0 && (all.Max() > LinearRatioRange || all.Min() < 1 / LinearRatioRange);
        var one = plot.Add.HorizontalLine(log ? 0 : 1, 1.5f, HouseStyle.SeriesColor(reference), LinePattern.Solid);
        one.LineWidth = 1.5f;
        foreach (var (index, xs, ys) in series)
        {
            var line = plot.Add.ScatterLine(xs, log ? ys.Select(Math.Log10).ToArray() : ys, HouseStyle.SeriesColor(index));
            line.LineWidth = HouseStyle.LineWidth;
            line.LinePattern = HouseStyle.SeriesPattern(index);
        }

        if (log)
        {
            HouseStyle.UseLog10YAxis(plot);
            plot.Axes.SetLimitsY(Math.Floor(Math.Min(0, Math.Log10(all.Min()))), Math.Ceiling(Math.Max(0, Math.Log10(all.Max()))));
        }

        plot.Axes.SetLimitsX(MinSignalEfficiency, 1);
        return plot;
    }

    /// <summary>The rejection plot over a ratio panel (3:1 heights) when there are several models, else the plot alone.</summary>
    public StackedFigure Figure()
    {
        var main = Plot();
        if (Curves.Count < 2)
        {
            return new StackedFigure([main], [1f]);
        }

        var ratio = RatioPlot();
        main.XLabel(string.Empty);
        main.Axes.Bottom.TickLabelStyle.IsVisible = false;
        ratio.Axes.SetLimitsX(MinSignalEfficiency, 1);
        return new StackedFigure([main, ratio], [3f, 1.2f]);
    }

    private IEnumerable<double> Grid()
    {
        if (!(MinSignalEfficiency > 0 && MinSignalEfficiency < 1) || Points < 2)
        {
            throw new InvalidOperationException($"Expected 0 < MinSignalEfficiency < 1 and Points >= 2, got {MinSignalEfficiency} and {Points}.");
        }

        for (int k = 0; k < Points; k++)
        {
            yield return MinSignalEfficiency + ((1 - MinSignalEfficiency) * k / (Points - 1));
        }
    }

    /// <summary>The grid split into measured rejections (with errors) and lower limits (no background passes).</summary>
    private (double[] X, double[] Rejection, double[] Error, double[] LimitX, double[] Limit) Sample(RocCurve roc)
    {
        var x = new List<double>();
        var r = new List<double>();
        var e = new List<double>();
        var limitX = new List<double>();
        var limit = new List<double>();
        foreach (double eff in Grid())
        {
            var p = roc.RejectionAt(eff, ConfidenceLevel);
            if (p.RejectionLowerLimit is { } l)
            {
                limitX.Add(eff);
                limit.Add(l);
            }
            else
            {
                x.Add(eff);
                r.Add(p.Rejection);
                e.Add(p.RejectionError);
            }
        }

        return (x.ToArray(), r.ToArray(), e.ToArray(), limitX.ToArray(), limit.ToArray());
    }

    /// <summary>Lower limits as a dotted line with upward triangles (about ten of them, so they stay readable).</summary>
    private void AddLimits(Plot plot, double[] x, double[] limit, Color color, string name, ref double yMin, ref double yMax)
    {
        if (x.Length == 0)
        {
            return;
        }

        var y = limit.Select(Math.Log10).ToArray();
        yMin = Math.Min(yMin, y.Min());
        yMax = Math.Max(yMax, y.Max());
        var line = plot.Add.ScatterLine(x, y, color);
        line.LineWidth = 1.5f;
        line.LinePattern = LinePattern.Dotted;
        int step = Math.Max(1, x.Length / 10);
        var markX = x.Where((_, k) => k % step == step / 2).ToArray();
        var markY = y.Where((_, k) => k % step == step / 2).ToArray();
        var marks = plot.Add.ScatterPoints(markX, markY, color);
        marks.MarkerShape = MarkerShape.FilledTriangleUp;
        marks.MarkerSize = 9;
        marks.LegendText = string.Create(CultureInfo.InvariantCulture,
            $"{name}: no background passes, 1/ε_B > limit ({ConfidenceLevel * 100:0.#}% CL)");
    }

    private string Legend(RocCurve roc, string name)
    {
        static string Value(RejectionPoint p) => p.IsLowerLimit ? p.RejectionText() : "= " + p.RejectionText();
        var r30 = roc.RejectionAt(0.3, ConfidenceLevel);
        var r50 = roc.RejectionAt(0.5, ConfidenceLevel);
        string second = r50.IsLowerLimit == r30.IsLowerLimit ? r50.RejectionText() : Value(r50);
        return $"{name} (1/ε_B {Value(r30)} at ε_S = 0.3, {second} at 0.5)";
    }
}
