using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Metrics;
using Xunit;

namespace DeepLearning.Torch.Tests.Training;

public class MemoryTests
{
    /// <summary>Early stopping snapshots the weights at every epoch (training loss keeps falling) and a checkpoint is written each epoch.</summary>
    [Fact]
    public void Fit_LiveTensorCount_FlatFromEpoch2()
    {
        var live = new LiveTensors();
        using var early = new EarlyStopping { Patience = 100, RestoreBestWeights = true, Monitor = MetricKeys.Loss };
        string dir = Directory.CreateTempSubdirectory("dlt-memory").FullName;
        var (x, y) = TrainingData.Blobs(200);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            new Trainer(new TrainerOptions
            {
                Epochs = 12, BatchSize = 16, Device = DeviceSelection.Cpu, ValidationSplit = 0.2,
                Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.001),
                Schedule = Schedules.Cosine(), ClassWeights = [1.0, 2.0], GradientClipNorm = 1.0,
                Metrics = { new Accuracy(threshold: 0) },
                Callbacks = { early, live, new TerminateOnNaN(), new ModelCheckpoint(Path.Combine(dir, "last.ckpt")) },
            }).Fit(model, data);
        }
        Directory.Delete(dir, true);
        Assert.Equal(12, live.Counts.Count);
        Assert.Equal(12, early.BestEpoch);
        Assert.All(live.Counts.Skip(1), c => Assert.Equal(live.Counts[1], c));
    }
}
