using DeepLearning.Torch.Plotting;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Plotting;

public class RegressionDisplayTests : IDisposable
{
    private readonly PlotOutput _out = new();

    private static (double[] Predictions, double[] Targets) Toy(int n, int seed)
    {
        var rng = new Random(seed);
        var targets = Enumerable.Range(0, n).Select(_ => 50 + (150 * rng.NextDouble())).ToArray();
        var predictions = targets.Select(t => t + 5 + (0.1 * t * (rng.NextDouble() - 0.5) * 2)).ToArray();
        return (predictions, targets);
    }

    [Fact]
    public void From_Arrays_StatisticsAndFiguresRender()
    {
        var (predictions, targets) = Toy(800, 1);
        var display = RegressionDisplay.From(predictions, targets);
        var residuals = predictions.Zip(targets, (p, t) => p - t).ToArray();
        Assert.Equal(residuals.Average(), display.Bias, 12);
        Assert.Equal(Math.Sqrt(residuals.Average(r => r * r)), display.Rmse, 12);
        Assert.Equal(residuals.Average(Math.Abs), display.Mae, 12);
        var plot = display.Plot();
        Assert.Empty(plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>());
        plot.SavePng(_out.PathOf("regression_scatter.png"), 800, 800);
        PlotOutput.AssertPicture(_out.PathOf("regression_scatter.png"), 800, 800);
        display.ResidualHistogram().SavePng(_out.PathOf("regression_residuals.png"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("regression_residuals.png"), 800, 600);
    }

    [Fact]
    public void From_LargeSampleTensors_HistogramFigureEqualsArrayStatistics()
    {
        var (predictions, targets) = Toy(50_000, 2);
        using var scope = NewDisposeScope();
        var display = RegressionDisplay.From(tensor(predictions).reshape(-1, 1), tensor(targets).to_type(ScalarType.Float64));
        Assert.Equal(RegressionDisplay.From(predictions, targets).Rmse, display.Rmse, 12);
        var plot = display.Plot();
        Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>());
        display.Quantity = "jet mass [GeV]";
        var figure = display.Figure();
        figure.SavePng(_out.PathOf("regression_histogram.png"), 800, 900);
        PlotOutput.AssertPicture(_out.PathOf("regression_histogram.png"), 800, 900);
    }

    [Fact]
    public void From_BadInput_RefusedNamingArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => RegressionDisplay.From([1.0, 2.0], [1.0]));
        Assert.Equal("targets", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => RegressionDisplay.From([1.0, double.NaN], [1.0, 2.0]));
        Assert.Equal("predictions", e.ParamName);
        using var wide = zeros(3, 2);
        using var three = zeros(3);
        e = Assert.Throws<ArgumentException>(() => RegressionDisplay.From(wide, three));
        Assert.Equal("predictions", e.ParamName);
        Assert.Contains("Expected one value per sample, [N] or [N, 1]; got a Float32 tensor of shape [3, 2].", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _out.Dispose();
}
