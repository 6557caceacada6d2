using System.Text.Json.Nodes;
using DeepLearning.Torch.Data.Jets;
using DeepLearning.Torch.Tests.Data;
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
        Assert.Contains("Data: Found in ", output);
        Assert.Contains("cifar-10-batches-bin: data_batch_1..5.bin 50,000 training images", output);
        ExampleRunner.AssertFiles(_out, [.. RunFiles, "confusion_matrix.png", "roc_ovr.png", "standardizer.json"]);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        Assert.InRange(metrics["accuracy"]!.GetValue<double>(), 0, 1);
        Assert.Equal(2, metrics["accuracy_ci"]!.AsArray().Count);
        Assert.Equal(10, metrics["confusion_matrix"]!.AsArray().Count);
        string report = File.ReadAllText(Path.Combine(_out, "report.md"));
        Assert.Contains("Total params: 276,426", report);
        Assert.Contains("| seed | 42 |", report);
    }

    [Fact]
    public void TopTagging_BothModels_WriteIntoTheOutFolder()
    {
        foreach (string model in new[] { "dnn", "cnn" })
        {
            string folder = Path.Combine(_out, model + "-run");
            var (code, output) = ExampleRunner.Run("TopTagging", Timeout, "--model", model, "--limit", "300", "--epochs", "1", "--out", folder, "--quiet");
            Assert.True(code == 0, output);
            Assert.Contains("Data: ", output);
            ExampleRunner.AssertFiles(folder, [.. RunFiles, "roc.png", "rejection.png", "score_distribution.png", "scores.csv"]);
            var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")))!;
            Assert.InRange(metrics["auc"]!.GetValue<double>(), 0, 1);
            Assert.NotNull(metrics["auc_ci"]);
            Assert.NotNull(metrics["rejection"]);
            Assert.Contains($"Report: {Path.Combine(folder, "report.md")}", output);
        }
        var (compareCode, compared) = ExampleRunner.Run("TopTagging", Timeout, "compare", _out);
        Assert.True(compareCode == 0, compared);
        ExampleRunner.AssertFiles(_out, "comparison.md", "comparison.json", "comparison_roc.png", "comparison_rejection.png");
        string table = File.ReadAllText(Path.Combine(_out, "comparison.md"));
        Assert.Contains("| dnn-run |", table);
        Assert.Contains("| cnn-run |", table);
    }

    [Theory]
    [InlineData("pfn", "pfn (ParticleFlowBlock)", "Total params: 17,217")]
    [InlineData("particlenet", "edge_conv_2 (EdgeConvBlock)", "Total params: 22,817")]
    [InlineData("transformer", "particle_attention_2 (ParticleAttentionBlock)", "pair_features (ParticlePairFeatures)")]
    public void TopTagging_SetModel_PrintsSummaryAndWritesTheReport(string model, string block, string line)
    {
        var (summaryCode, summary) = ExampleRunner.Run("TopTagging", Timeout, "--model", model, "--summary");
        Assert.True(summaryCode == 0, summary);
        Assert.Contains(block, summary);
        Assert.Contains(line, summary);
        Assert.Contains("mask (Input)", summary);

        string data = Directory.CreateDirectory(Path.Combine(_out, "jets")).FullName;
        ToyJetWriter.WriteTopTagging(Path.Combine(data, "train.h5"), 160, seed: 5);
        ToyJetWriter.WriteTopTagging(Path.Combine(data, "val.h5"), 40, seed: 6);
        ToyJetWriter.WriteTopTagging(Path.Combine(data, "test.h5"), 60, seed: 7);
        string folder = Path.Combine(_out, model + "-run");
        var (code, output) = ExampleRunner.Run("TopTagging", Timeout, "--model", model, "--data", data, "--epochs", "1", "--out", folder, "--quiet");
        Assert.True(code == 0, output);
        ExampleRunner.AssertFiles(folder, [.. RunFiles, "roc.png", "rejection.png", "score_distribution.png", "scores.csv", "standardizer.json"]);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")))!;
        Assert.InRange(metrics["auc"]!.GetValue<double>(), 0, 1);
        Assert.Equal(60, metrics["n_samples"]!.GetValue<int>());
        Assert.Contains(block, File.ReadAllText(Path.Combine(folder, "report.md")));
    }

    [Fact]
    public void TopTagging_DataFolderWithFiles_UsesThem()
    {
        string data = Directory.CreateDirectory(Path.Combine(_out, "my-jets")).FullName;
        ToyJetWriter.WriteTopTagging(Path.Combine(data, "train.h5"), 240, seed: 5);
        ToyJetWriter.WriteTopTagging(Path.Combine(data, "val.h5"), 60, seed: 6);
        ToyJetWriter.WriteTopTagging(Path.Combine(data, "test.h5"), 80, seed: 7);
        string folder = Path.Combine(_out, "run");
        var (code, output) = ExampleRunner.Run("TopTagging", Timeout, "--data", data, "--epochs", "1", "--out", folder, "--quiet");
        Assert.True(code == 0, output);
        Assert.Contains($"Data: Found in {data}: train.h5 240 jets, val.h5 60 jets, test.h5 80 jets", output);
        Assert.DoesNotContain("TOY", output);
        Assert.False(Directory.Exists(Path.Combine(folder, "toy-data")), "toy jets were written although --data held files");
        Assert.Equal(80, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")))!["n_samples"]!.GetValue<int>());
        Assert.Contains($"| data | Found in {data}", File.ReadAllText(Path.Combine(folder, "report.md")));
    }

    [Fact]
    public void TopTagging_DataFolderAboveTheLayoutSamples_UsesTheKnownSubFolder()
    {
        string shared = TestData.Shared();
        var (code, output) = ExampleRunner.Run("TopTagging", Timeout, "--data", shared, "--limit", "200", "--epochs", "1", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        Assert.Contains($"Data: Found in {Path.Combine(shared, "toptagging-format")}: train.h5 2,000 jets, val.h5 500 jets, test.h5 500 jets", output);
    }

    [Theory]
    [InlineData("TopTagging", "toptagging/train.h5", "train.h5")]
    [InlineData("JetImages", "hls4ml-format/**/jetImage_*.h5", "**/jetImage_*.h5")]
    [InlineData("Cifar10", "cifar-10-batches-bin/data_batch_1.bin", "data_batch_5.bin")]
    public void Example_EmptyDataFolder_FailsNamingWhatWasLookedFor(string example, string inSubFolder, string inFolder)
    {
        string empty = Directory.CreateDirectory(Path.Combine(_out, "empty")).FullName;
        string folder = Path.Combine(_out, "run");
        var (code, output, error) = ExampleRunner.RunSeparately(example, Timeout, "--data", empty, "--epochs", "1", "--out", folder, "--quiet");
        Assert.Equal(1, code);
        Assert.StartsWith("error: No ", error);
        Assert.Contains(Path.Combine(empty, inSubFolder), error);
        Assert.Contains(Path.Combine(empty, inFolder), error);
        Assert.Contains($"Only the folder given, {empty}, was searched", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Data: ", output);
        Assert.False(Directory.Exists(Path.Combine(folder, "toy-data")), "toy jets were written although --data was given");
    }

    [Fact]
    public void TopTagging_CudaOnTheCpuBackend_PrintsOneLineAndExitsNonZero()
    {
        var (code, _, error) = ExampleRunner.RunSeparately("TopTagging", Timeout, "--device", "cuda", "--limit", "100", "--epochs", "1", "--out", _out, "--quiet");
        Assert.Equal(1, code);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{error}");
        Assert.StartsWith("error: DeviceSelection.Cuda was requested but CUDA is not usable", lines[0]);
        Assert.DoesNotContain("Unhandled exception", error);
    }

    [Fact]
    public void JetImages_OneEpoch_WritesReport()
    {
        var (code, output) = ExampleRunner.Run("JetImages", Timeout, "--limit", "200", "--epochs", "1", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        Assert.Contains("Data: Found in ", output);
        ExampleRunner.AssertFiles(_out, [.. RunFiles, "roc_ovr.png", "confusion_matrix.png", "scores.csv"]);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        Assert.Equal(5, metrics["auc_per_class"]!.AsObject().Count);
    }

    [Fact]
    public void JetImages_MassHead_TrainsBothOutputsAndReportsTheMassFit()
    {
        var (code, output) = ExampleRunner.Run("JetImages", Timeout, "--model", "cnn_mass", "--limit", "200", "--epochs", "1", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        Assert.Contains("Jet mass head: test RMSE ", output);
        ExampleRunner.AssertFiles(_out, [.. RunFiles, "roc_ovr.png", "scores.csv", "mass_regression.png"]);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        Assert.Equal(5, metrics["auc_per_class"]!.AsObject().Count);
        Assert.True(metrics["mass_rmse_gev"]!.GetValue<double>() > 0);
        string history = File.ReadAllText(Path.Combine(_out, "history.csv"));
        foreach (string key in new[] { "class_loss", "mass_loss", "val_class_accuracy", "val_mass_mean_absolute_error" })
            Assert.Contains(key, history);
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
