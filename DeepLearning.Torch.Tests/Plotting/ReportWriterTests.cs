using DeepLearning.Torch.Plotting;
using Xunit;

namespace DeepLearning.Torch.Tests.Plotting;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Write_SectionsAfterFigures_AndMetricsJson()
    {
        var writer = new ReportWriter(_dir, new ReportWriterOptions { Title = "Run", Svg = false });
        writer.Metrics["auc"] = 0.91;
        writer.AddFigure("roc", new ScottPlot.Plot(), "ROC curve");
        writer.AddSection("Model", "```\nsummary\n```");
        string report = File.ReadAllText(writer.Write());
        Assert.StartsWith("# Run", report);
        Assert.True(report.IndexOf("## ROC curve", StringComparison.Ordinal) < report.IndexOf("## Model", StringComparison.Ordinal));
        Assert.Contains("| auc | 0.91 |", report);
        Assert.Contains("\"auc\": 0.91", File.ReadAllText(Path.Combine(_dir, "metrics.json")));
    }

    [Fact]
    public void Write_TargetUnwritable_NamesFileAndKeepsPreviousReport()
    {
        var first = new ReportWriter(_dir, new ReportWriterOptions { Svg = false });
        first.Metrics["auc"] = 0.5;
        first.Write();
        string before = File.ReadAllText(Path.Combine(_dir, "report.md"));
        File.Delete(Path.Combine(_dir, "metrics.json"));
        Directory.CreateDirectory(Path.Combine(_dir, "metrics.json"));   // a directory where the file should go
        var second = new ReportWriter(_dir, new ReportWriterOptions { Svg = false });
        second.Metrics["auc"] = 0.9;
        var e = Assert.Throws<IOException>(() => second.Write());
        Assert.Contains("metrics JSON", e.Message);
        Assert.Contains(Path.Combine(_dir, "metrics.json"), e.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "report.md")));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }
}
