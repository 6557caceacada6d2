using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training.Core;
using Xunit;

namespace DeepLearning.Torch.Tests.Plotting;

public class DisplayTests : IDisposable
{
    private readonly PlotOutput _out = new();

    [Fact]
    public void RocDisplay_SeveralModels_RendersPngAndSvg()
    {
        var (l1, s1) = SyntheticScores.Binary(20_000, 2.0, 1);
        var (l2, s2) = SyntheticScores.Binary(20_000, 1.2, 2);
        var plot = RocDisplay.From(RocCurve.Compute(l1, s1), "CNN").Add(RocCurve.Compute(l2, s2), "BDT").Plot();
        plot.SavePng(_out.PathOf("roc.png"), 800, 600);
        plot.SaveSvg(_out.PathOf("roc.svg"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("roc.png"), 800, 600);
        PlotOutput.AssertSvg(_out.PathOf("roc.svg"));
        Assert.Contains("AUC = ", File.ReadAllText(_out.PathOf("roc.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public void RejectionDisplay_WithRatioPanel_RendersStackedPngAndSvg()
    {
        var (l1, s1) = SyntheticScores.Binary(50_000, 2.5, 3);
        var (l2, s2) = SyntheticScores.Binary(50_000, 2.0, 4);
        var display = RejectionDisplay.From(RocCurve.Compute(l1, s1), "CNN").Add(RocCurve.Compute(l2, s2), "BDT");
        var figure = display.Figure();
        Assert.Equal(2, figure.Plots.Count);
        figure.SavePng(_out.PathOf("rejection.png"), 800, 800);
        figure.SaveSvg(_out.PathOf("rejection.svg"), 800, 800);
        PlotOutput.AssertPicture(_out.PathOf("rejection.png"), 800, 800);
        PlotOutput.AssertSvg(_out.PathOf("rejection.svg"));
    }

    [Fact]
    public void RejectionDisplay_RatioPanel_LogarithmicOnlyWhenARatioLeavesTheLinearRange()
    {
        var (l1, s1) = SyntheticScores.Binary(50_000, 2.5, 3);
        var (l2, s2) = SyntheticScores.Binary(50_000, 2.4, 4);
        var (l3, s3) = SyntheticScores.Binary(50_000, 1.0, 5);
        var close = RejectionDisplay.From(RocCurve.Compute(l1, s1), "A").Add(RocCurve.Compute(l2, s2), "B");
        var closeRatio = close.RatioPlot();
        var closeLine = closeRatio.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single();
        var closeYs = closeLine.Data.GetScatterPoints().Select(p => p.Y).ToList();
        Assert.All(closeYs, y => Assert.InRange(y, 1 / 3.0, 3));   // ratios themselves, linear axis
        Assert.Equal(1, closeRatio.GetPlottables().OfType<ScottPlot.Plottables.HorizontalLine>().Single().Y);

        // A much weaker model: the ratio falls far below 1/3, so the panel draws log10 of the ratio with a line at log10 1 = 0.
        var far = RejectionDisplay.From(RocCurve.Compute(l1, s1), "A").Add(RocCurve.Compute(l3, s3), "weak");
        var farRatio = far.RatioPlot();
        var farPoints = farRatio.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints().ToList();
        var roc1 = RocCurve.Compute(l1, s1);
        var roc3 = RocCurve.Compute(l3, s3);
        var p0 = farPoints[farPoints.Count / 2];
        Assert.Equal(Math.Log10(roc3.BackgroundRejectionAt(p0.X) / roc1.BackgroundRejectionAt(p0.X)), p0.Y, 12);
        Assert.True(farPoints.Min(p => p.Y) < -Math.Log10(3));
        Assert.Equal(0, farRatio.GetPlottables().OfType<ScottPlot.Plottables.HorizontalLine>().Single().Y);
        Assert.Equal(Math.Floor(farPoints.Min(p => p.Y)), farRatio.Axes.GetLimits().Bottom, 12);
        Assert.Equal(0, farRatio.Axes.GetLimits().Top, 12);
        far.Figure().SavePng(_out.PathOf("rejection_log_ratio.png"), 800, 800);
        PlotOutput.AssertPicture(_out.PathOf("rejection_log_ratio.png"), 800, 800);

        var unbounded = new RejectionDisplay { LinearRatioRange = 1 }.Add(roc1, "A").Add(roc3, "B");
        Assert.Contains("LinearRatioRange", Assert.Throws<InvalidOperationException>(() => unbounded.RatioPlot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecadeLabel_PlainUpToTenThousandThenSuperscript()
    {
        Assert.Equal("1", HouseStyle.DecadeLabel(0));
        Assert.Equal("1000", HouseStyle.DecadeLabel(3));
        Assert.Equal("10⁵", HouseStyle.DecadeLabel(5));
        Assert.Equal("10⁻²", HouseStyle.DecadeLabel(-2));
    }

    [Fact]
    public void ConfusionMatrixDisplay_NormalisedAndCounts_Render()
    {
        var (labels, p) = SyntheticScores.Multiclass(3000, 4, 5);
        var cm = ConfusionMatrix.FromProbabilities(labels, p, classNames: ["gluon", "quark", "W", "top"]);
        var counts = ConfusionMatrixDisplay.From(cm).Plot();
        counts.SavePng(_out.PathOf("confusion.png"), 700, 600);
        PlotOutput.AssertPicture(_out.PathOf("confusion.png"), 700, 600);
        var fractions = ConfusionMatrixDisplay.From(cm, ConfusionNormalization.True).Plot();
        fractions.SaveSvg(_out.PathOf("confusion_true.svg"), 700, 600);
        string svg = File.ReadAllText(_out.PathOf("confusion_true.svg"));
        Assert.Contains("gluon", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfusionMatrixDisplay_FirstTrueClassIsTopRow()
    {
        // Only cell [0, 1] is non-zero: its (dark) colour must appear at top-centre, not bottom-centre.
        var cm = ConfusionMatrix.Compute([0, 0, 0, 0, 1, 2], [1, 1, 1, 1, 1, 2], 3);
        var plot = ConfusionMatrixDisplay.From(cm).Plot();
        plot.SavePng(_out.PathOf("orientation.png"), 600, 600);
        using var bitmap = SkiaSharp.SKBitmap.Decode(_out.PathOf("orientation.png"));
        var data = plot.LastRender.DataRect;
        int cx = (int)(data.Left + (data.Width / 2));
        int top = (int)(data.Top + (data.Height / 6) - (data.Height / 12));
        int bottom = (int)(data.Bottom - (data.Height / 12));
        Assert.True(bitmap.GetPixel(cx, top).Red < 100, $"top-centre {bitmap.GetPixel(cx, top)}");
        Assert.True(bitmap.GetPixel(cx, bottom).Red > 150, $"bottom-centre {bitmap.GetPixel(cx, bottom)}");
    }

    [Fact]
    public void TrainingHistoryDisplay_LossesAndMetrics_RenderWithBestEpoch()
    {
        var history = new Dictionary<string, IReadOnlyList<double>>
        {
            ["loss"] = Enumerable.Range(0, 30).Select(e => 0.7 * Math.Exp(-e / 8.0) + 0.2).ToArray(),
            ["val_loss"] = Enumerable.Range(0, 30).Select(e => 0.7 * Math.Exp(-e / 8.0) + 0.25 + (0.002 * Math.Max(0, e - 18) * Math.Max(0, e - 18))).ToArray(),
            ["accuracy"] = Enumerable.Range(0, 30).Select(e => 0.9 - (0.4 * Math.Exp(-e / 6.0))).ToArray(),
            ["val_accuracy"] = Enumerable.Range(0, 30).Select(e => 0.88 - (0.4 * Math.Exp(-e / 6.0))).ToArray(),
        };
        var display = TrainingHistoryDisplay.From(history, bestEpoch: 19);
        Assert.True(display.HasMetrics);
        display.Plot().SavePng(_out.PathOf("history.png"), 800, 600);
        display.MetricsPlot().SavePng(_out.PathOf("history_metrics.png"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("history.png"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("history_metrics.png"), 800, 600);
    }

    [Fact]
    public void TrainingHistoryDisplay_BestEpochOutOfRange_ThrowsNamingIt()
    {
        var history = new Dictionary<string, IReadOnlyList<double>> { ["loss"] = [1.0, 0.5] };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingHistoryDisplay.From(history, bestEpoch: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingHistoryDisplay.From(history, bestEpoch: 0));
        Assert.Equal("bestEpoch", ex.ParamName);
        var empty = Assert.Throws<ArgumentException>(() => TrainingHistoryDisplay.From(new Dictionary<string, IReadOnlyList<double>> { ["loss"] = [] }));
        Assert.Contains("'loss'", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreDistributionDisplay_TrainVsTest_RendersWithKsPValues()
    {
        var (trainLabels, trainScores) = SyntheticScores.Binary(4000, 2.0, 6);
        var (testLabels, testScores) = SyntheticScores.Binary(3000, 2.0, 7);
        var display = ScoreDistributionDisplay.From(trainScores, trainLabels, testScores, testLabels, ["background", "signal"]);
        Assert.All(display.KsTests, t => Assert.True(t.PValue > 1e-4, $"p = {t.PValue}"));
        display.Plot().SavePng(_out.PathOf("scores.png"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("scores.png"), 800, 600);
    }

    [Fact]
    public void ScoreDistributionDisplay_ClassMissingFromTest_ThrowsNamingTestLabels()
    {
        var ex = Assert.Throws<ArgumentException>(() => ScoreDistributionDisplay.From([0.1, 0.9], [0, 1], [0.2, 0.3], [0, 0]));
        Assert.Equal("testLabels", ex.ParamName);
        Assert.Contains("Class 1 (1) has no samples", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Background below 0.6, signal above 0.4: no background passes for eps_S below 2/3.</summary>
    internal static (int[] Labels, double[] Scores) PartlySeparated(int n, int seed)
    {
        var rng = new Random(seed);
        var labels = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var scores = labels.Select(l => l == 1 ? 0.4 + (0.6 * rng.NextDouble()) : 0.6 * rng.NextDouble()).ToArray();
        return (labels, scores);
    }

    [Fact]
    public void RejectionDisplay_NoBackgroundPasses_DrawsLowerLimits()
    {
        var (labels, scores) = PartlySeparated(4000, 8);
        var roc = RocCurve.Compute(labels, scores);
        var plot = RejectionDisplay.From(roc, "DNN").Plot();
        plot.SavePng(_out.PathOf("rejection_limit.png"), 800, 600);
        plot.SaveSvg(_out.PathOf("rejection_limit.svg"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("rejection_limit.png"), 800, 600);
        var limits = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single(s => s.MarkerShape == ScottPlot.MarkerShape.FilledTriangleUp);
        Assert.Equal("DNN: no background passes, 1/ε_B > limit (95% CL)", limits.LegendText);
        double limit = roc.RejectionAt(0.3).RejectionLowerLimit!.Value;
        Assert.Equal(1 / (1 - Math.Pow(0.05, 1 / 2000.0)), limit, 9);
        string svg = File.ReadAllText(_out.PathOf("rejection_limit.svg"));
        Assert.Contains("DNN (1/ε_B &gt; 668.1 at ε_S = 0.3, &gt; 668.1 at 0.5)", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", svg, StringComparison.Ordinal);

        var (perfectLabels, perfectScores) = (new[] { 0, 0, 0, 1, 1, 1 }, new[] { 0.1, 0.2, 0.3, 0.7, 0.8, 0.9 });
        var onlyLimits = RejectionDisplay.From(RocCurve.Compute(perfectLabels, perfectScores), "perfect").Plot();
        onlyLimits.SavePng(_out.PathOf("rejection_only_limits.png"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("rejection_only_limits.png"), 800, 600);
    }

    [Fact]
    public void TrainingHistoryDisplay_FromHistory_MarksBestEpochOfTheMonitor()
    {
        var history = new DeepLearning.Torch.Training.Core.History(1, "cpu", "test", new Dictionary<string, string>());
        for (int e = 1; e <= 12; e++)
        {
            history.Add(new DeepLearning.Torch.Training.Core.EpochRecord(e, new Dictionary<string, double>
            {
                ["loss"] = 1.0 / e,
                ["val_loss"] = (1.0 / e) + (0.01 * (e - 7) * (e - 7)),
                ["accuracy"] = 1 - (0.5 / e),
                ["val_accuracy"] = e == 9 ? 0.95 : 0.9 - (0.4 / e),
                ["skipped_batches"] = 0,
            }, 1e-3, 0.5));
        }

        var display = TrainingHistoryDisplay.From(history);
        var plot = display.Plot();
        Assert.Equal("Best epoch (8)", plot.GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>().Single().LegendText);
        var legend = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText).ToArray();
        Assert.Equal(["loss", "val_loss"], legend);
        Assert.True(display.HasMetrics);
        plot.SavePng(_out.PathOf("history_from_history.png"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("history_from_history.png"), 800, 600);
        var metrics = TrainingHistoryDisplay.From(history, monitor: "val_accuracy").MetricsPlot();
        Assert.Equal("Best epoch (9)", metrics.GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>().Single().LegendText);
        Assert.DoesNotContain(metrics.GetPlottables().OfType<ScottPlot.Plottables.Scatter>(), s => s.LegendText == "skipped_batches");
        metrics.SavePng(_out.PathOf("history_from_history_metrics.png"), 800, 600);
        Assert.Empty(TrainingHistoryDisplay.From(history, markBestEpoch: false).Plot().GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>());
        var missing = Assert.Throws<ArgumentException>(() => TrainingHistoryDisplay.From(history, monitor: "val_auc"));
        Assert.Equal("monitor", missing.ParamName);
    }

    [Fact]
    public void ScoreDistributionDisplay_FromTensors_EqualsArrayDisplay()
    {
        var (trainLabels, trainScores) = SyntheticScores.Binary(2000, 2.0, 16);
        var (testLabels, testScores) = SyntheticScores.Binary(1500, 2.0, 17);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var logit = (double[] s) => TorchSharp.torch.tensor(s.Select(p => Math.Log(p / (1 - p))).ToArray()).to_type(TorchSharp.torch.ScalarType.Float32);
        var fromTensors = ScoreDistributionDisplay.From(logit(trainScores), TorchSharp.torch.tensor(trainLabels.Select(l => (float)l).ToArray()),
            logit(testScores), TorchSharp.torch.tensor(testLabels.Select(l => l == 1).ToArray()), ["background", "signal"], ScoreKind.Logits);
        var fromArrays = ScoreDistributionDisplay.From(trainScores, trainLabels, testScores, testLabels, ["background", "signal"]);
        Assert.Equal(fromArrays.KsTests.Select(t => t.PValue), fromTensors.KsTests.Select(t => t.PValue));
        fromTensors.Plot().SavePng(_out.PathOf("scores_from_tensors.png"), 800, 600);
        PlotOutput.AssertPicture(_out.PathOf("scores_from_tensors.png"), 800, 600);
    }

    public void Dispose() => _out.Dispose();
}
