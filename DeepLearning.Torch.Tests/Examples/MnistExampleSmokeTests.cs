using System.Text.Json.Nodes;
using Xunit;

namespace DeepLearning.Torch.Tests.Examples;

/// <summary>The MNIST examples run end to end on a few images and write every promised file.</summary>
public sealed class MnistExampleSmokeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly string _out = Directory.CreateTempSubdirectory("dlt-mnist-examples-").FullName;

    public void Dispose() => Directory.Delete(_out, true);

    [Fact]
    public void Autoencoder_OneEpochOnFewImages_WritesAnomalyReport()
    {
        var (code, output) = ExampleRunner.Run("Autoencoder", Timeout, "--limit", "600", "--epochs", "1", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        Assert.Contains("the official TEST set only (train-images-idx3-ubyte.gz is absent)", output);
        ExampleRunner.AssertFiles(_out, "history.png", "history.json", "metrics.json", "report.md", "best.ckpt", "reconstructions.png", "roc.png", "scores.csv");
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        Assert.InRange(metrics["auc"]!.GetValue<double>(), 0, 1);
        Assert.Equal(7, metrics["anomaly_digit"]!.GetValue<int>());
        Assert.Contains("official TEST set only", File.ReadAllText(Path.Combine(_out, "report.md")));
    }

    [Fact]
    public void Autoencoder_ResumedAfterEpoch1_EqualsTheUninterruptedRunBitwise()
    {
        string full = Path.Combine(_out, "full"), first = Path.Combine(_out, "first"), resumed = Path.Combine(_out, "resumed");
        string[] common = ["--limit", "400", "--quiet", "--seed", "3"];
        Assert.Equal(0, ExampleRunner.Run("Autoencoder", Timeout, [.. common, "--epochs", "2", "--out", full]).ExitCode);
        Assert.Equal(0, ExampleRunner.Run("Autoencoder", Timeout, [.. common, "--epochs", "1", "--out", first]).ExitCode);
        var (code, output) = ExampleRunner.Run("Autoencoder", Timeout, [.. common, "--epochs", "2", "--out", resumed, "--resume", Path.Combine(first, "best.ckpt")]);
        Assert.True(code == 0, output);
        Assert.DoesNotContain("epoch 1/2", output);   // it continued from the checkpoint rather than starting afresh
        Assert.Contains("epoch 2/2", output);
        Assert.Equal(File.ReadAllText(Path.Combine(full, "scores.csv")), File.ReadAllText(Path.Combine(resumed, "scores.csv")));
    }
}
