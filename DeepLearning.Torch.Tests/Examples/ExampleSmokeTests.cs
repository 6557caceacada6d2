using System.Text.Json.Nodes;
using Xunit;

namespace DeepLearning.Torch.Tests.Examples;

/// <summary>Each example runs end to end on a tiny slice of the data for one epoch and writes every promised file.</summary>
public sealed class ExampleSmokeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly string _out = Directory.CreateTempSubdirectory("dlt-examples-").FullName;

    public void Dispose() => Directory.Delete(_out, true);

    private static readonly string[] RunFiles = ["history.png", "history.svg", "history.json", "metrics.json", "report.md", "best.ckpt"];

    [Fact]
    public void Cifar10_Summary_PrintsTheLectureCnn()
    {
        var (code, output) = ExampleRunner.Run("Cifar10", Timeout, "--model", "cnn", "--summary");
        Assert.True(code == 0, output);
        Assert.Contains("Total params: 276,426", output);
    }

    [Fact]
    public void Cifar10_OneEpochOnFewImages_WritesReport()
    {
        var (code, output) = ExampleRunner.Run("Cifar10", Timeout, "--model", "cnn", "--limit", "300", "--epochs", "1", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        Assert.Contains("Data: CIFAR-10 binary", output);
        ExampleRunner.AssertFiles(_out, [.. RunFiles, "confusion_matrix.png", "roc_one_vs_rest.png", "standardizer.json"]);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        Assert.InRange(metrics["test_accuracy"]!.GetValue<double>(), 0, 1);
        Assert.Equal(10, metrics["confusion_matrix"]!.AsArray().Count);
        string report = File.ReadAllText(Path.Combine(_out, "report.md"));
        Assert.Contains("Total params: 276,426", report);
        Assert.Contains("| seed | 42 |", report);
    }

    [Fact]
    public void TopTagging_BothModelsIntoOneFolder_WritesReportsAndComparison()
    {
        foreach (string model in new[] { "dnn", "cnn" })
        {
            var (code, output) = ExampleRunner.Run("TopTagging", Timeout, "--model", model, "--limit", "300", "--epochs", "1", "--out", _out, "--quiet");
            Assert.True(code == 0, output);
            Assert.Contains("Data: ", output);
            ExampleRunner.AssertFiles(Path.Combine(_out, model), [.. RunFiles, "roc.png", "rejection.png", "score_distribution.png", "scores.csv"]);
            var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, model, "metrics.json")))!;
            Assert.InRange(metrics["auc"]!.GetValue<double>(), 0, 1);
            Assert.NotNull(metrics["auc_ci"]);
            Assert.NotNull(metrics["rejection"]);
        }
        ExampleRunner.AssertFiles(_out, "roc_models.png", "rejection_models.png", "report.md");
    }

    [Fact]
    public void JetImages_OneEpoch_WritesReport()
    {
        var (code, output) = ExampleRunner.Run("JetImages", Timeout, "--limit", "200", "--epochs", "1", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        ExampleRunner.AssertFiles(_out, [.. RunFiles, "roc_one_vs_rest.png", "confusion_matrix.png"]);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        Assert.Equal(5, metrics["auc_per_class"]!.AsObject().Count);
    }

    [Fact]
    public void Evaluate_BinarySample_WritesMetricsAndFigures()
    {
        string scores = Path.Combine(ExampleRunner.RepositoryRoot, "examples", "Evaluate", "samples", "binary.csv");
        var (code, output) = ExampleRunner.Run("Evaluate", Timeout, "--scores", scores, "--out", _out);
        Assert.True(code == 0, output);
        ExampleRunner.AssertFiles(_out, "metrics.json", "report.md", "roc.png", "rejection.png", "confusion_matrix.png");
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        foreach (string key in new[] { "auc", "roc", "rejection", "auc_ci", "accuracy", "precision", "recall", "f1", "confusion_matrix" })
            Assert.True(metrics[key] is not null, $"metrics.json lacks '{key}'");
    }

    [Fact]
    public void Cifar10_BadArgument_ExitsWithUsageError()
    {
        var (code, output) = ExampleRunner.Run("Cifar10", Timeout, "--model", "vgg");
        Assert.NotEqual(0, code);
        Assert.Contains("vgg", output);
    }
}
