using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;
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

    public void Dispose() => _out.Dispose();
}
