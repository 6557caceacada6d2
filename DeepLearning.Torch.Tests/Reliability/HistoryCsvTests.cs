using DeepLearning.Torch.Data;
using DeepLearning.Torch.Tests.Training;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using Xunit;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>The history CSV catches up after a kill between the last checkpoint and the logger's write (found by the soak).</summary>
public sealed class HistoryCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-csv").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private TrainerOptions Options() => new()
    {
        Epochs = 3, BatchSize = 16, Seed = 6, Device = DeviceSelection.Cpu, ValidationSplit = 0.25,
        Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
        Callbacks = { new ModelCheckpoint(Path.Combine(_dir, "last.ckpt")), new CsvLogger(Path.Combine(_dir, "h.csv")) },
    };

    [Fact]
    public void Fit_ResumedFromLastEpochCheckpointWithStaleCsv_RewritesCsvWithEveryEpoch()
    {
        string csv = Path.Combine(_dir, "h.csv");
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        {
            using (var model = TrainingData.Mlp(seed: 2)) new Trainer(Options()).Fit(model, data);
            string[] complete = File.ReadAllLines(csv);
            Assert.Equal(4, complete.Length);
            File.WriteAllLines(csv, complete[..3]);   // killed after the epoch-3 checkpoint, before the CSV write

            using var resumed = TrainingData.Mlp(seed: 9);
            var history = new Trainer(Options()).Fit(resumed, data, resumeFrom: Path.Combine(_dir, "last.ckpt"));
            Assert.Equal(3, history.Epochs.Count);
            Assert.Equal(complete, File.ReadAllLines(csv));
        }
    }
}
