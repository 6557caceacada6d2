using DeepLearning.Torch.Plotting;
using Xunit;

namespace DeepLearning.Torch.Tests.Plotting;

public sealed class HistoryCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-history-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Read_HistorySaveCsvLayout_SkipsEpochRateAndSeconds()
    {
        string path = Path.Combine(_dir, "history.csv");
        File.WriteAllText(path, "epoch,loss,val_loss,auc,lr,seconds\n1,0.7,0.65,,0.001,1.5\n2,0.5,0.6,0.8,0.001,1.4\n3,0.4,0.62,0.85,0.001,1.4\n");
        var series = HistoryCsv.Read(path);
        Assert.Equal(["loss", "val_loss", "auc"], series.Keys);
        Assert.Equal([0.7, 0.5, 0.4], series["loss"]);
        Assert.True(double.IsNaN(series["auc"][0]));
        Assert.Equal(2, HistoryCsv.BestEpoch(series));
    }

    [Fact]
    public void Read_CellNotANumber_NamesLineAndColumn()
    {
        string path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "loss,val_loss\n0.7,0.6\n0.5,abc\n");
        var e = Assert.Throws<InvalidDataException>(() => HistoryCsv.Read(path));
        Assert.Equal($"{path}:3: column 'val_loss': expected a number, got 'abc'.", e.Message);
    }

    [Fact]
    public void AddHistory_LossesAndMetrics_WritesBothFiguresAndCaptions()
    {
        var writer = new ReportWriter(_dir, new ReportWriterOptions { Svg = false });
        var series = new Dictionary<string, IReadOnlyList<double>> { ["loss"] = [0.7, 0.5], ["val_loss"] = [0.6, 0.55], ["accuracy"] = [0.5, 0.7] };
        var written = writer.AddHistory(series, bestEpoch: 2);
        Assert.Equal([Path.Combine(_dir, "history.png"), Path.Combine(_dir, "history_metrics.png")], written);
        string md = File.ReadAllText(writer.Write());
        Assert.Contains("## Training history: loss per epoch (best epoch 2)", md);
        Assert.Contains("![Training history: metrics per epoch](history_metrics.png)", md);
    }
}
