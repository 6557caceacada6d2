using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LearningRateSchedules;
using DeepLearning.Torch.Training.Metrics;
using Xunit;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Counts epoch ends (runs before the other callbacks).</summary>
internal sealed class EpochCounter : Callback
{
    public override int Order => -50;

    public int Count { get; private set; }

    public override void OnEpochEnd(TrainingContext context) => Count++;
}

public sealed class MonitorKeyTests : IDisposable
{
    private const string WithValidation = "keys after epoch 1: loss, accuracy, val_loss, val_accuracy.";
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-monitor").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static InvalidOperationException FitFails(bool validation, LearningRateSchedule? schedule, params Callback[] callbacks)
        => FitFails(validation, schedule, 1, callbacks);

    /// <summary>Fits 4 epochs, expecting the error in the first one, after <paramref name="epochEnds"/> callback epoch ends.</summary>
    private static InvalidOperationException FitFails(bool validation, LearningRateSchedule? schedule, int epochEnds, Callback[] callbacks)
    {
        var counter = new EpochCounter();
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = new TrainerOptions
            {
                Epochs = 4, BatchSize = 16, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent, Schedule = schedule,
                Loss = Losses.BinaryCrossEntropy(fromLogits: true), Metrics = { new Accuracy(threshold: 0) }, Callbacks = { counter },
            };
            foreach (var c in callbacks) options.Callbacks.Add(c);
            var e = Assert.Throws<InvalidOperationException>(() => new Trainer(options).Fit(model, data, validation: validation ? data : null));
            Assert.Equal(epochEnds, counter.Count);
            return e;
        }
    }

    [Fact]
    public void EarlyStopping_UnknownKey_ThrowsAfterFirstEpochListingKeys()
    {
        var e = FitFails(true, null, new EarlyStopping { MonitorKey = "val_acc" });
        Assert.Equal($"EarlyStopping monitors 'val_acc', which this run does not log; {WithValidation}", e.Message);
    }

    [Fact]
    public void EarlyStopping_ValLossWithoutValidation_ThrowsSayingValidationIsMissing()
    {
        var e = FitFails(false, null, new EarlyStopping());
        Assert.Equal("EarlyStopping monitors 'val_loss', which this run does not log; keys after epoch 1: loss, accuracy " +
                     "(val_ keys need validation data: set TrainerOptions.ValidationSplit or pass a validation dataset to Fit).", e.Message);
    }

    [Fact]
    public void EarlyStopping_UnknownKeyWithLaterStartEpoch_StillThrowsAfterFirstEpoch()
    {
        var e = FitFails(true, null, new EarlyStopping { MonitorKey = "val_auc", StartEpoch = 3 });
        Assert.StartsWith("EarlyStopping monitors 'val_auc'", e.Message);
    }

    [Fact]
    public void ModelCheckpoint_SaveBestOnlyUnknownKey_ThrowsAfterFirstEpochListingKeys()
    {
        var e = FitFails(true, null, new ModelCheckpoint(Path.Combine(_dir, "best.ckpt")) { MonitorKey = "val_acc", SaveBestOnly = true });
        Assert.Equal($"ModelCheckpoint monitors 'val_acc', which this run does not log; {WithValidation}", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "best.ckpt")));
    }

    [Fact]
    public void ReduceLROnPlateau_UnknownKey_ThrowsAfterFirstEpochListingKeys()
    {
        // The schedule reads the logs before the callbacks see the epoch.
        var e = FitFails(false, Schedules.ReduceOnPlateau(), 0, []);
        Assert.StartsWith("ReduceLROnPlateau monitors 'val_loss', which this run does not log; keys after epoch 1: loss, accuracy (val_ keys need", e.Message);
    }
}
