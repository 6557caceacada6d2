using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Metrics;
using Xunit;

namespace DeepLearning.Torch.Tests.Training;

public class MemoryTests
{
    [Fact]
    public void Fit_LiveTensorCount_FlatFromEpoch2()
    {
        var live = new LiveTensors();
        var (x, y) = TrainingData.Blobs(200);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        using (var early = new EarlyStopping { Patience = 100, RestoreBestWeights = true, Monitor = MetricKeys.ValidationAccuracy })
        {
            new Trainer(new TrainerOptions
            {
                Epochs = 12, BatchSize = 16, Device = DeviceSelection.Cpu, ValidationSplit = 0.2,
                Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.001),
                Schedule = Schedules.Cosine(), ClassWeights = [1.0, 2.0], GradientClipNorm = 1.0,
                Metrics = { new Accuracy(threshold: 0) },
                Callbacks = { early, live, new TerminateOnNaN() },
            }).Fit(model, data);
        }
        Assert.Equal(12, live.Counts.Count);
        Assert.All(live.Counts.Skip(1), c => Assert.Equal(live.Counts[1], c));
    }
}
