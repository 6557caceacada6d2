using System.Text.Json.Nodes;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Plotting;

/// <summary>RunReport on a small model and a hand-made two-epoch history (no training needed).</summary>
public sealed class RunReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-run-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static History TwoEpochs()
    {
        var history = new History(7, "cpu", "test", new Dictionary<string, string> { ["TorchSharp"] = "0.107.0", [".NET"] = "10.0" });
        history.Add(new EpochRecord(1, new Dictionary<string, double> { ["loss"] = 0.7, ["val_loss"] = 0.6, ["accuracy"] = 0.5 }, 1e-3, 1.5));
        history.Add(new EpochRecord(2, new Dictionary<string, double> { ["loss"] = 0.5, ["val_loss"] = 0.55, ["accuracy"] = 0.7 }, 1e-3, 1.5));
        return history;
    }

    private static Model Tagger(int outputs) => new Sequential("tiny")
    {
        new Input(3), new Dense(outputs),
    }.Build(seed: 1);

    [Fact]
    public void Write_WithoutScores_WritesHistoryAndReportButNoClassifierFiles()
    {
        using var scope = NewDisposeScope();
        using var model = Tagger(1);
        var run = new RunReport(_dir, "Regression run");
        string report = run.Write(new RunResult { Model = model, History = TwoEpochs(), Data = "toy" });

        foreach (string file in new[] { "history.json", "history.csv", "history.png", "metrics.json", "report.md" })
            Assert.True(File.Exists(Path.Combine(_dir, file)), $"{file} is missing");
        foreach (string file in new[] { "scores.csv", "roc.png", "confusion_matrix.png" })
            Assert.False(File.Exists(Path.Combine(_dir, file)), $"{file} was written without scores");
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "metrics.json")))!;
        Assert.Null(metrics["auc"]);
        Assert.Equal(2, metrics["epochs_run"]!.GetValue<int>());
        Assert.DoesNotContain("scores.csv", File.ReadAllText(report));
        Assert.Equal("Epoch 2: loss 0.5, val_loss 0.55, accuracy 0.7", run.Headline);
    }

    [Fact]
    public void Write_TrainScoresWithoutTestScores_Refused()
    {
        using var scope = NewDisposeScope();
        using var model = Tagger(1);
        var run = new RunReport(_dir, "Half a classifier");
        var e = Assert.Throws<ArgumentException>(() => run.Write(new RunResult
        {
            Model = model, History = TwoEpochs(), TrainScores = tensor(new float[] { 0.2f, 0.9f }), TrainLabels = tensor(new long[] { 0, 1 }),
        }));
        Assert.Contains("Expected TestScores and TestLabels with TrainScores/TrainLabels", e.Message);
        var onlyScores = Assert.Throws<ArgumentException>(() => run.Write(new RunResult { Model = model, History = TwoEpochs(), TestScores = tensor(new float[] { 0.2f }) }));
        Assert.Contains("Expected TestScores and TestLabels together", onlyScores.Message);
    }

    [Fact]
    public void Write_BinaryScores_WritesEveryFileOfTheRun()
    {
        using var scope = NewDisposeScope();
        using var model = Tagger(1);
        var run = new RunReport(_dir, "Tiny run", new ScoreReportOptions { BootstrapReplicates = 20 });
        string report = run.Write(new RunResult
        {
            Model = model, History = TwoEpochs(), Data = "six toy samples", BestEpoch = 2,
            TestScores = tensor(new float[] { 0.1f, 0.4f, 0.35f, 0.8f, 0.7f, 0.2f }).unsqueeze(1), TestLabels = tensor(new long[] { 0, 0, 1, 1, 1, 0 }),
            TrainScores = tensor(new float[] { 0.2f, 0.9f }), TrainLabels = tensor(new long[] { 0, 1 }),
        });

        Assert.Equal(Path.Combine(_dir, "report.md"), report);
        foreach (string file in new[] { "history.json", "history.csv", "history.png", "history_metrics.png", "scores.csv", "metrics.json", "roc.png", "rejection.png", "score_distribution.png" })
            Assert.True(File.Exists(Path.Combine(_dir, file)), $"{file} is missing");
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "metrics.json")))!;
        Assert.Equal(RocCurve.Compute([0, 0, 1, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.7, 0.2]).Auc(), metrics["auc"]!.GetValue<double>(), 6);
        Assert.Equal(6, metrics["n_samples"]!.GetValue<int>());
        Assert.Equal(2, metrics["best_epoch"]!.GetValue<int>());
        Assert.Equal(model.TrainableParameterCount, metrics["parameters"]!.GetValue<long>());
        var table = ScoreTable.ReadCsv(Path.Combine(_dir, "scores.csv"));
        Assert.Equal([true, true], table.IsTrain!.Skip(6));
        string md = File.ReadAllText(report);
        Assert.Contains("| data | six toy samples |", md);
        Assert.Contains("| seed | 7 |", md);
        Assert.Contains("| n_samples | 6 |", md);
        Assert.Single(md.Split('\n'), line => line.StartsWith("| .NET |", StringComparison.Ordinal));
        Assert.Contains("Model: \"tiny\"", md);
        Assert.StartsWith("Test AUC ", run.Headline);
        // No test background scores above the best signal: 1/eps_B > 1 / (1 - 0.05^(1/3)) = 1.583 at 95% CL (3 background samples).
        Assert.Contains("1/eps_B at eps_S = 0.3: > 1.6 at 95% CL (no test background passes)", run.Headline);
    }

    [Fact]
    public void Write_ClassProbabilities_WritesMulticlassReportWithClassNames()
    {
        using var scope = NewDisposeScope();
        using var model = Tagger(3);
        var run = new RunReport(_dir, "Three classes", new ScoreReportOptions { Report = new ReportWriterOptions { Svg = false } });
        run.Write(new RunResult
        {
            Model = model, History = TwoEpochs(), ClassNames = ["g", "q", "t"],
            TestScores = tensor(new float[,] { { 0.8f, 0.1f, 0.1f }, { 0.2f, 0.7f, 0.1f }, { 0.1f, 0.3f, 0.6f }, { 0.5f, 0.4f, 0.1f } }),
            TestLabels = tensor(new long[] { 0, 1, 2, 1 }),
        });

        Assert.StartsWith("g,q,t,label,split\n", File.ReadAllText(Path.Combine(_dir, "scores.csv")));
        Assert.True(File.Exists(Path.Combine(_dir, "roc_ovr.png")));
        Assert.False(File.Exists(Path.Combine(_dir, "roc_ovr.svg")));
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "metrics.json")))!;
        Assert.Equal(0.75, metrics["accuracy"]!.GetValue<double>());
        Assert.Equal(["g", "q", "t"], metrics["auc_per_class"]!.AsObject().Select(p => p.Key));
        Assert.Equal(2, metrics["accuracy_ci"]!.AsArray().Count);
        Assert.StartsWith("Test accuracy 75.0% (95% CI ", run.Headline);
        Assert.Contains("## Classification report (test samples)", File.ReadAllText(Path.Combine(_dir, "report.md")));
    }

    [Fact]
    public void Write_LabelsAndScoresDisagree_ThrowsNamingBothCounts()
    {
        using var scope = NewDisposeScope();
        using var model = Tagger(1);
        var run = new RunReport(_dir, "Bad");
        var e = Assert.Throws<ArgumentException>(() => run.Write(new RunResult
        {
            Model = model, History = TwoEpochs(), TestScores = tensor(new float[] { 0.1f, 0.9f, 0.5f }), TestLabels = tensor(new long[] { 0, 1 }),
        }));
        Assert.Contains("Expected one label per score row (3), got 2 labels.", e.Message);
    }
}
