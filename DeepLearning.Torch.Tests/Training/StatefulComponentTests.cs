using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Augmentation;
using DeepLearning.Torch.IO;
using DeepLearning.Torch.Tests.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LearningRateSchedules;
using Microsoft.Extensions.Logging;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Callbacks, schedules and augmentation save and restore their state through one interface, <see cref="IStateful"/>.</summary>
public sealed class StatefulComponentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-stateful").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private TrainerOptions Options(CountingAugmentation augmentation, int epochs) => new()
    {
        Epochs = epochs, BatchSize = 32, Seed = 1, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent, ValidationSplit = 0.25,
        Loss = Losses.BinaryCrossEntropy(fromLogits: true), Schedule = new ReduceLROnPlateau(patience: 1), Augmentation = augmentation,
        Callbacks =
        {
            new ModelCheckpoint(Path.Combine(_dir, "ep{epoch}.ckpt")),
            new EarlyStopping { Patience = 5 },
            new EarlyStopping { MonitorKey = MetricKeys.Loss, Patience = 5 },
        },
    };

    /// <summary>Trains the blobs for two epochs (checkpoints ep1, ep2), from <paramref name="resumeFrom"/> when given.</summary>
    private History Fit(CountingAugmentation augmentation, long modelSeed, string? resumeFrom = null, ILogger? logger = null)
    {
        var (x, y) = TrainingData.Blobs(128);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp(seed: modelSeed))
        {
            var options = Options(augmentation, epochs: 2);
            options.Logger = logger;
            return new Trainer(options).Fit(model, data, resumeFrom: resumeFrom);
        }
    }

    [Fact]
    public void Checkpoint_CallbacksScheduleAndAugmentation_SavedUnderTheirStateKeysAndRestored()
    {
        var first = new CountingAugmentation();
        Fit(first, modelSeed: 1);
        using (var state = Checkpoint.Read(Path.Combine(_dir, "ep1.ckpt")))
        {
            Assert.Equal(["EarlyStopping", "EarlyStopping#2", "ModelCheckpoint", "ReduceLROnPlateau", "augmentation"], state.Callbacks.Select(c => c.Key));
            Assert.Empty(state.Schedule);
            Assert.Equal(BitConverter.GetBytes(3), state.Callbacks.Single(c => c.Key == "augmentation").State);
        }
        var resumed = new CountingAugmentation();
        Fit(resumed, modelSeed: 2, resumeFrom: Path.Combine(_dir, "ep1.ckpt"));
        // Restored to the 3 batches of epoch 1, then 3 more in epoch 2: as the uninterrupted run counted.
        Assert.Equal(first.Batches, resumed.Batches);
        Assert.Equal(6, resumed.Batches);
    }

    [Fact]
    public void Resume_CheckpointOfTheEarlierLayout_RestoresScheduleAndAugmentationFromTheirOldPlaces()
    {
        var full = Fit(new CountingAugmentation(), modelSeed: 1);
        // The earlier layout: the schedule's state in its own section, the augmentation's under "$augmentation".
        string earlier = Path.Combine(_dir, "earlier.ckpt");
        using (var state = Checkpoint.Read(Path.Combine(_dir, "ep1.ckpt")))
        {
            var old = new TrainingState
            {
                Epoch = state.Epoch, GlobalStep = state.GlobalStep, LearningRate = state.LearningRate, Seed = state.Seed,
                ModelType = state.ModelType, HistoryJson = state.HistoryJson, Weights = state.Weights, Optimizer = state.Optimizer,
                Schedule = state.Callbacks.Single(c => c.Key == "ReduceLROnPlateau").State,
                Callbacks = [.. state.Callbacks.Where(c => c.Key.Contains("EarlyStopping") || c.Key == "ModelCheckpoint"),
                    ("$augmentation", state.Callbacks.Single(c => c.Key == "augmentation").State)],
                TorchRngState = state.TorchRngState, ShuffleRngState = state.ShuffleRngState, Settings = state.Settings,
            };
            CheckpointFile.WriteAtomically(earlier, old.Serialize());
        }
        var resumed = new CountingAugmentation();
        var logger = new ListLogger();
        var again = Fit(resumed, modelSeed: 2, resumeFrom: earlier, logger: logger);
        Assert.DoesNotContain(logger.Messages, m => m.Level >= LogLevel.Warning);
        Assert.Equal(6, resumed.Batches);
        Assert.Equal(full.Epochs.Select(e => e.Values), again.Epochs.Select(e => e.Values));
    }

    /// <summary>Passes batches through and counts them; the count is its state (default key).</summary>
    private sealed class CountingAugmentation : IBatchAugmentation
    {
        public int Batches { get; private set; }

        public bool IsTraining { get; set; } = true;

        public Tensor Apply(Tensor batch)
        {
            Batches++;
            return batch.clone();
        }

        public void SaveState(BinaryWriter writer) => writer.Write(Batches);

        public void LoadState(BinaryReader reader) => Batches = reader.ReadInt32();
    }
}
