using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using Microsoft.Extensions.Logging;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class StandardErrorLoggerTests
{
    [Fact]
    public void Log_WarningAndInformation_WritesOnlyTheWarningWithItsLevel()
    {
        var writer = new StringWriter();
        var logger = new StandardErrorLogger(writer: writer);
        logger.LogInformation("device {Device}", "cpu");
        logger.LogWarning("class {Class} is rare", 3);
        Assert.Equal("warning: class 3 is rare" + Environment.NewLine, writer.ToString());
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(new StandardErrorLogger(LogLevel.Debug).IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void Fit_NoLogger_WarningReachesStandardError()
    {
        using var x = randn(32, 4);
        using var y = (randn(32) > 0).to_type(ScalarType.Float32);
        using var data = new TensorDataset(x, y);
        using var model = new Sequential("tagger") { new Input(4), new Dense(1) { Name = "score" } }.Build(seed: 1);
        var options = new TrainerOptions { Epochs = 1, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent, Loss = Losses.BinaryCrossEntropy() };
        string error = ConsoleCapture.StandardError(() => new Trainer(options).Fit(model, data));
        Assert.StartsWith("warning: Layer 'score' has no activation, so its outputs are logits, but Losses.BinaryCrossEntropy(fromLogits: false)", error);
        Assert.DoesNotContain("Training on", error);
    }
}
