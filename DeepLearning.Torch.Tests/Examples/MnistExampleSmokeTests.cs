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

    [Fact]
    public void Gan_TwoEpochsOnFewImages_WritesSampleGridsAndLossCurves()
    {
        var (code, output) = ExampleRunner.Run("Gan", Timeout, "--limit", "300", "--epochs", "2", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        Assert.Contains("the official TEST set only", output);
        Assert.Contains("epoch 2/2  d_loss ", output);
        ExampleRunner.AssertFiles(_out, "history.png", "history_metrics.png", "history.json", "metrics.json", "report.md", "last.ckpt",
            "samples_per_epoch.png", "samples.png", "gan.weights");
        Assert.False(File.Exists(Path.Combine(_out, "scores.csv")), "a GAN has no classifier scores");
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        Assert.InRange(metrics["d_real_test"]!.GetValue<double>(), 0, 1);
        Assert.InRange(metrics["d_fake_test"]!.GetValue<double>(), 0, 1);
        string report = File.ReadAllText(Path.Combine(_out, "report.md"));
        Assert.Contains("one row per epoch (top to bottom: epochs 1, 2)", report);
        Assert.Contains("(samples_per_epoch.png)", report);
        Assert.Contains("(history.png)", report);
        var history = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "history.json")))!["Epochs"]!.AsArray();
        Assert.Equal(2, history.Count);
        foreach (string key in new[] { "d_loss", "g_loss", "val_d_loss", "val_g_loss", "d_real", "d_fake" })
            Assert.True(double.IsFinite(history[1]!["Values"]![key]!.GetValue<double>()), key);
    }

    [Fact]
    public void Gan_ResumedAfterEpoch1_EqualsTheUninterruptedRunBitwise()
    {
        string full = Path.Combine(_out, "full"), first = Path.Combine(_out, "first"), resumed = Path.Combine(_out, "resumed");
        string[] common = ["--limit", "200", "--quiet", "--seed", "3", "--batch-size", "32"];
        Assert.Equal(0, ExampleRunner.Run("Gan", Timeout, [.. common, "--epochs", "2", "--out", full]).ExitCode);
        Assert.Equal(0, ExampleRunner.Run("Gan", Timeout, [.. common, "--epochs", "1", "--out", first]).ExitCode);
        var (code, output) = ExampleRunner.Run("Gan", Timeout, [.. common, "--epochs", "2", "--out", resumed, "--resume", Path.Combine(first, "last.ckpt")]);
        Assert.True(code == 0, output);
        Assert.DoesNotContain("epoch 1/2", output);   // it continued from the checkpoint rather than starting afresh
        Assert.Contains("epoch 2/2", output);
        // Both networks' weights (and with them both optimizers' states, which produced them) are bitwise equal.
        Assert.Equal(File.ReadAllBytes(Path.Combine(full, "gan.weights")), File.ReadAllBytes(Path.Combine(resumed, "gan.weights")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "gan.weights")), File.ReadAllBytes(Path.Combine(resumed, "gan.weights")));
        var fullEpochs = JsonNode.Parse(File.ReadAllText(Path.Combine(full, "history.json")))!["Epochs"]!.AsArray();
        var resumedEpochs = JsonNode.Parse(File.ReadAllText(Path.Combine(resumed, "history.json")))!["Epochs"]!.AsArray();
        Assert.Equal(fullEpochs.Select(e => e!["Values"]!.ToJsonString()), resumedEpochs.Select(e => e!["Values"]!.ToJsonString()));
        // The per-epoch sample grid of the resumed run holds epoch 1 too (kept in the checkpoint).
        Assert.Contains("epochs 1, 2)", File.ReadAllText(Path.Combine(resumed, "report.md")));
    }
}
