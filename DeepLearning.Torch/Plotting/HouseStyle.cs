using ScottPlot;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// The one look of every figure: an explicit sans-serif font (DejaVu Sans, present on Linux and shipped with
/// matplotlib), publication font sizes, white background, and a palette that stays distinguishable in greyscale
/// (Paul Tol's high-contrast colours plus black, paired with different line patterns).
/// </summary>
public static class HouseStyle
{
    /// <summary>Font family used for all text.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>Axis-label font size in pixels.</summary>
    public const float LabelSize = 20;

    /// <summary>Tick-label font size in pixels.</summary>
    public const float TickSize = 15;

    /// <summary>Legend font size in pixels.</summary>
    public const float LegendSize = 15;

    /// <summary>Width of data lines in pixels.</summary>
    public const float LineWidth = 2.5f;

    /// <summary>Default figure width in pixels.</summary>
    public const int Width = 800;

    /// <summary>Default figure height in pixels.</summary>
    public const int Height = 600;

    private static readonly Color[] Palette =
    [
        Color.FromHex("#000000"), // black
        Color.FromHex("#004488"), // dark blue
        Color.FromHex("#BB5566"), // red
        Color.FromHex("#DDAA33"), // yellow
        Color.FromHex("#6699CC"), // light blue
        Color.FromHex("#997700"), // olive
    ];

    private static readonly LinePattern[] Patterns =
        [LinePattern.Solid, LinePattern.Dashed, LinePattern.DenselyDashed, LinePattern.Dotted];

    // Light to dark blue, monotonic in lightness so it reads in greyscale (matplotlib's "Blues").
    private static readonly string[] BlueScale =
        ["#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B"];

    /// <summary>The sequential colour map of heatmaps (confusion matrices, 2-D histograms): light to dark blue.</summary>
    internal static IColormap Blues() => new ScottPlot.Colormaps.CustomInterpolated(BlueScale.Select(Color.FromHex).ToArray());

    /// <summary>A histogram drawn as a filled outline (steps): bins of <paramref name="width"/> from <paramref name="lo"/>.</summary>
    internal static ScottPlot.Plottables.Scatter AddFilledHistogram(Plot plot, double lo, double width, IReadOnlyList<double> heights, Color color)
    {
        int bins = heights.Count;
        var x = new double[(2 * bins) + 2];
        var y = new double[(2 * bins) + 2];
        for (int b = 0; b < bins; b++)
        {
            x[(2 * b) + 1] = lo + (b * width);
            x[(2 * b) + 2] = lo + ((b + 1) * width);
            y[(2 * b) + 1] = y[(2 * b) + 2] = heights[b];
        }

        x[0] = lo;
        x[^1] = lo + (bins * width);
        var line = plot.Add.ScatterLine(x, y, color);
        line.LineWidth = 2;
        line.FillY = true;
        line.FillYValue = 0;
        line.FillYColor = color.WithAlpha(0.2);
        return line;
    }

    /// <summary>Colour of series <paramref name="index"/> (cycles through six colours).</summary>
    /// <param name="index">Series index, 0 first.</param>
    public static Color SeriesColor(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>Line pattern of series <paramref name="index"/> (cycles through four patterns).</summary>
    /// <param name="index">Series index, 0 first.</param>
    public static LinePattern SeriesPattern(int index) => Patterns[((index % Patterns.Length) + Patterns.Length) % Patterns.Length];

    /// <summary>Creates an empty plot in the house style.</summary>
    /// <param name="xLabel">X-axis label.</param>
    /// <param name="yLabel">Y-axis label.</param>
    public static Plot CreatePlot(string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Bottom.TickLabelStyle.FontName = FontName;
        plot.Axes.Left.TickLabelStyle.FontName = FontName;
        plot.Axes.Bottom.Label.FontName = FontName;
        plot.Axes.Left.Label.FontName = FontName;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        return plot;
    }

    /// <summary>Shows the legend in the house style at <paramref name="alignment"/>.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="alignment">Where the legend goes inside the data area.</param>
    public static void ShowLegend(Plot plot, Alignment alignment)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.ShowLegend(alignment);
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.OutlineColor = Colors.Black.WithAlpha(0.3);
        plot.Legend.SetBestFontOnEachRender = false;
    }

    /// <summary>Turns the left axis of a plot of log10 values into a logarithmic axis: decade labels (1, 10, 100, ...)
    /// and minor ticks at 2..9 times each decade.</summary>
    /// <param name="plot">A plot whose y data are log10 of the values.</param>
    public static void UseLog10YAxis(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = DecadeLabel,
        };
        plot.Axes.Left.MinorTickStyle.Length = 4;
        plot.Axes.Left.MajorTickStyle.Length = 8;
    }

    /// <summary>Label of the decade 10^<paramref name="exponent"/>: plain numbers up to 10^4, then 10 with a superscript.</summary>
    /// <param name="exponent">log10 of the value (integers expected).</param>
    public static string DecadeLabel(double exponent)
    {
        int e = (int)Math.Round(exponent);
        if (e is >= 0 and <= 4)
        {
            return Math.Pow(10, e).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        }

        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        string sup = string.Concat(Math.Abs(e).ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => digits[c - '0']));
        return "10" + (e < 0 ? "⁻" : string.Empty) + sup;
    }
}
