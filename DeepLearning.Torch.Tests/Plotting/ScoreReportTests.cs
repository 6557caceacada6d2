using System.Text.Json.Nodes;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;
using Xunit;

namespace DeepLearning.Torch.Tests.Plotting;

public class ScoreReportTests : IDisposable
{
    private readonly PlotOutput _out = new();

    [Fact]
    public void WriteFromCsv_Binary_WritesSpecifiedKeysFiguresAndReport()
    {
        string csv = _out.PathOf("binary.csv");
        var (labels, scores) = SyntheticScores.Binary(600, 2.0, 11);
        File.WriteAllLines(csv, new[] { "score,label,weight" }.Concat(labels.Select((l, i) =>
            FormattableString.Invariant($"{scores[i]:R},{l},{(i % 3 == 0 ? 0.5 : 1.0)}"))));
        var dir = _out.PathOf("binary");
        var metrics = ScoreReport.WriteFromCsv(csv, dir, new ScoreReportOptions { BootstrapReplicates = 20 });

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")))!.AsObject();
        foreach (string key in new[] { "auc", "roc", "rejection", "auc_ci", "accuracy", "precision", "recall", "f1", "confusion_matrix" })
        {
            Assert.True(json.ContainsKey(key), key);
        }

        var weights = labels.Select((_, i) => i % 3 == 0 ? 0.5 : 1.0).ToArray();
        var roc = RocCurve.Compute(labels, scores, weights);
        Assert.Equal(roc.Auc(), json["auc"]!.GetValue<double>(), 12);
        Assert.Equal(roc.Fpr.Count, json["roc"]!["fpr"]!.AsArray().Count);
        Assert.Equal(roc.BackgroundRejectionAt(0.3), json["rejection"]!["0.3"]!.GetValue<double>(), 9);
        Assert.Equal(2, json["auc_ci"]!.AsArray().Count);
        Assert.Equal(2, json["confusion_matrix"]!.AsArray().Count);
        var report = ClassificationReport.Compute(labels, Predictions.Threshold(scores, 0.5), 2, weights);
        Assert.Equal(report.Classes[1].F1, json["f1"]!.GetValue<double>(), 12);
        foreach (string figure in new[] { "roc", "rejection", "confusion_matrix", "score_distribution" })
        {
            PlotOutput.AssertPicture(Path.Combine(dir, figure + ".png"), 800, 600);
            PlotOutput.AssertSvg(Path.Combine(dir, figure + ".svg"));
        }

        string md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("![ROC curve](roc.png)", md, StringComparison.Ordinal);
        Assert.Contains("[metrics.json](metrics.json)", md, StringComparison.Ordinal);
        Assert.Equal(json["auc"]!.GetValue<double>(), metrics["auc"]!.GetValue<double>());
    }

    [Fact]
    public void WriteFromCsv_MulticlassSample_MatchesDirectComputation()
    {
        // multiclass_small.csv: the first 300 rows of examples/Evaluate/samples/multiclass.csv (labels by class name).
        string csv = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", "multiclass_small.csv");
        var dir = _out.PathOf("multi");
        ScoreReport.WriteFromCsv(csv, dir, new ScoreReportOptions { Report = new ReportWriterOptions { Svg = false } });
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")))!.AsObject();
        var table = ScoreTable.ReadCsv(csv);
        Assert.Equal(["QCD", "W", "top"], table.ClassNames);
        var ovr = OneVsRestRoc.Compute(table.Labels, table.Probabilities);
        Assert.Equal(ovr.MacroAuc, json["auc_ovr_macro"]!.GetValue<double>(), 12);
        Assert.Equal(ovr.WeightedAuc, json["auc_ovr_weighted"]!.GetValue<double>(), 12);
        Assert.Equal(ovr.PerClassAuc[2], json["auc_per_class"]!["top"]!.GetValue<double>(), 12);
        Assert.Equal(3, json["report"]!["W"]!.AsObject().Count(p => p.Key is "precision" or "recall" or "f1"));
        Assert.True(json.ContainsKey("accuracy") && json.ContainsKey("confusion_matrix"));
        PlotOutput.AssertPicture(Path.Combine(dir, "roc_ovr.png"), 800, 600);
        Assert.False(File.Exists(Path.Combine(dir, "roc_ovr.svg")));
    }

    [Fact]
    public void ReadCsv_BadNumber_ThrowsNamingFileLineAndColumn()
    {
        string csv = _out.PathOf("bad.csv");
        File.WriteAllLines(csv, ["score,label", "0.5,1", "abc,0"]);
        var ex = Assert.Throws<InvalidDataException>(() => ScoreTable.ReadCsv(csv));
        Assert.Contains("bad.csv:3: column 'score': expected a finite number, got 'abc'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCsv_LabelOutsideClasses_ThrowsNamingLabelColumn()
    {
        string csv = _out.PathOf("label.csv");
        File.WriteAllLines(csv, ["p0,p1,p2,label", "0.2,0.3,0.5,1", "0.2,0.3,0.5,7"]);
        var ex = Assert.Throws<InvalidDataException>(() => ScoreTable.ReadCsv(csv));
        Assert.Contains(":3: column 'label': expected a class index 0..2 or one of 0, 1, 2, got '7'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCsv_NoLabelColumn_ThrowsNamingHeader()
    {
        string csv = _out.PathOf("nolabel.csv");
        File.WriteAllLines(csv, ["score,truth", "0.5,1"]);
        var ex = Assert.Throws<InvalidDataException>(() => ScoreTable.ReadCsv(csv));
        Assert.Contains("has no 'label' column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCsv_SplitColumn_SeparatesTrainAndTest()
    {
        string csv = _out.PathOf("split.csv");
        File.WriteAllLines(csv, ["score,label,split", "0.1,0,train", "0.9,1,test", "0.2,0,test"]);
        var table = ScoreTable.ReadCsv(csv);
        Assert.True(table.IsBinary);
        Assert.Equal([0.9, 0.2], table.Column(0, train: false));
        Assert.Equal([0], table.SelectLabels(train: true));
    }

    [Fact]
    public void WriteFromCsv_TwoProbabilityColumns_EvaluatesClassOneAsSignal()
    {
        string csv = _out.PathOf("two.csv");
        File.WriteAllLines(csv, ["bkg,sig,label", "0.8,0.2,bkg", "0.3,0.7,sig", "0.6,0.4,sig", "0.1,0.9,bkg", "0.45,0.55,sig"]);
        var metrics = ScoreReport.WriteFromCsv(csv, _out.PathOf("two"), new ScoreReportOptions { BootstrapReplicates = 0 });
        var expected = RocCurve.Compute([0, 1, 1, 0, 1], [0.2, 0.7, 0.4, 0.9, 0.55]).Auc();
        Assert.Equal(expected, metrics["auc"]!.GetValue<double>(), 15);
        Assert.False(metrics.ContainsKey("auc_ci"));
    }

    [Fact]
    public void Write_NoBackgroundPasses_StatesLowerLimitAsValidJson()
    {
        var (labels, scores) = DisplayTests.PartlySeparated(4000, 9);
        var dir = _out.PathOf("limit");
        var metrics = ScoreReport.Write(ScoreTable.FromBinary(scores, labels), dir, new ScoreReportOptions { BootstrapReplicates = 10 });
        string text = File.ReadAllText(Path.Combine(dir, "metrics.json"));
        Assert.DoesNotContain("Infinity", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!.AsObject();
        double expected = 1 / (1 - Math.Pow(0.05, 1 / 2000.0)); // one-sided Clopper-Pearson, 0 of 2000 background pass
        foreach (string eff in new[] { "0.3", "0.5" })
        {
            Assert.Equal(expected, json["rejection"]![eff]!["lower_limit"]!.GetValue<double>(), 9);
            Assert.Equal(0.95, json["rejection"]![eff]!["cl"]!.GetValue<double>());
            Assert.Null(json["rejection_error"]![eff]);
        }

        Assert.Equal(metrics["auc"]!.GetValue<double>(), json["auc"]!.GetValue<double>());
        string md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("## Background rejection", md, StringComparison.Ordinal);
        Assert.Contains("| 0.3 | > 668.1 at 95% CL (no background passes) |", md, StringComparison.Ordinal);
    }

    public void Dispose() => _out.Dispose();
}
