using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using Microsoft.Extensions.Logging;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Copies a file's bytes at the start of the given epoch (after the previous epoch's checkpoint was written).</summary>
internal sealed class FileBytesAt(string path, int epoch) : Callback
{
    public byte[]? Bytes { get; private set; }

    public override void OnEpochBegin(TrainingContext context)
    {
        if (context.Epoch == epoch) Bytes = File.ReadAllBytes(path);
    }
}

public sealed class NonFiniteDefaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-nonfinite").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static TrainerOptions Options(int epochs, Data.ListLogger logger, params Callback[] callbacks)
    {
        var options = new TrainerOptions
        {
            Epochs = epochs, BatchSize = 16, Seed = 3, Shuffle = false, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent,
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Sgd(0.05), Logger = logger,
        };
        foreach (var c in callbacks) options.Callbacks.Add(c);
        return options;
    }

    /// <summary>
    /// Fits <paramref name="epochs"/> epochs writing last.ckpt after each, with the weights poisoned at batch
    /// <paramref name="batch"/> of epoch 3; returns the history and the checkpoint's bytes before and after epoch 3.
    /// </summary>
    private (History History, byte[]? Before, byte[] After) FitPoisonedInEpoch3(int epochs, int batch, Data.ListLogger logger, bool terminate)
    {
        string last = Path.Combine(_dir, "last.ckpt");
        var before = new FileBytesAt(last, 3);
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = Options(epochs, logger, new ModelCheckpoint(last), before, new PoisonAt(3, batch));
            options.TerminateOnNonFinite = terminate;
            var history = new Trainer(options).Fit(model, data);
            return (history, before.Bytes, File.ReadAllBytes(last));
        }
    }

    [Fact]
    public void Fit_NaNLossWithoutTerminateOnNaN_StopsAndLastGoodCheckpointIsByteIdentical()
    {
        var logger = new Data.ListLogger();
        var (history, before, after) = FitPoisonedInEpoch3(5, 1, logger, terminate: true);
        Assert.Equal(StopReason.NonFiniteLoss, history.StopReason);
        Assert.Equal("loss is NaN at epoch 3, batch 1; the optimizer step was not taken", history.StopMessage);
        Assert.Equal(2, history.Epochs.Count);
        Assert.NotNull(before);
        Assert.Equal(before, after);
        var warning = Assert.Single(logger.Messages, m => m.Level == LogLevel.Warning);
        Assert.Equal("Training stops: NonFiniteLoss: loss is NaN at epoch 3, batch 1; the optimizer step was not taken", warning.Text);
    }

    [Fact]
    public void Fit_NaNInputByDefault_MessageCountsNonFiniteInputs()
    {
        var logger = new Data.ListLogger();
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        {
            using (var cell = x[20, 1]) cell.fill_(float.NaN);
            using (var cell = x[21, 2]) cell.fill_(float.PositiveInfinity);
            using var data = new TensorDataset(x, y);
            using var model = TrainingData.Mlp();
            var history = new Trainer(Options(2, logger)).Fit(model, data);
            Assert.Equal(StopReason.NonFiniteLoss, history.StopReason);
            Assert.Equal("loss is NaN; the input batch holds 2 non-finite value(s) at epoch 1, batch 1; the optimizer step was not taken", history.StopMessage);
        }
    }

    [Fact]
    public void Fit_TerminateOnNonFiniteOff_TrainsOnAndCheckpointKeepsLastFiniteWeights()
    {
        var logger = new Data.ListLogger();
        var (history, before, after) = FitPoisonedInEpoch3(4, 0, logger, terminate: false);
        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.True(double.IsNaN(history[MetricKeys.Loss][3]));
        Assert.NotNull(before);
        Assert.Equal(before, after);
        var skipped = logger.Messages.Where(m => m.Text.StartsWith("ModelCheckpoint did not write", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, skipped.Count);
        Assert.Equal($"ModelCheckpoint did not write {Path.Combine(_dir, "last.ckpt")}: after epoch 3 the weights 0.weight, 0.bias, 3.weight, " +
                     "3.bias hold NaN or infinite values; the previous checkpoint is kept.", skipped[0].Text);
    }
}
