using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Keras' <c>gradient_accumulation_steps</c>: N batches summed into one step equal one step on an N times larger batch.</summary>
public sealed class GradientAccumulationTests
{
    private static (History History, float[] Weights) Run(int batchSize, int accumulation)
    {
        var (x, y) = TrainingData.Blobs(100);
        using (x) using (y)
        using (var w = linspace(0.5, 1.5, 100))
        using (var data = new TensorDataset(x, y, w))
        {
            random.manual_seed(4);
            using var model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 1));
            var options = new TrainerOptions
            {
                Epochs = 3, BatchSize = batchSize, GradientAccumulationSteps = accumulation, Seed = 6, Device = DeviceSelection.Cpu,
                Verbose = Verbosity.Silent, ValidationSplit = 0.2, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
                Optimizer = Optimizers.Sgd(0.3, momentum: 0.9), GradientClipNorm = 0.8,
            };
            var history = new Trainer(options).Fit(model, data);
            return (history, TrainingData.Flat(model));
        }
    }

    [Fact]
    public void Fit_FourBatchesOf8Accumulated_EqualsBatchesOf32()
    {
        // 80 training rows: batches of 8 in groups of 4 (the last group has 2 batches) against batches of 32, 32 and 16.
        var (accumulated, accumulatedWeights) = Run(batchSize: 8, accumulation: 4);
        var (large, largeWeights) = Run(batchSize: 32, accumulation: 1);
        var (plain, plainWeights) = Run(batchSize: 8, accumulation: 1);
        for (int i = 0; i < largeWeights.Length; i++) Assert.Equal(largeWeights[i], accumulatedWeights[i], 1e-5f);
        for (int e = 0; e < 3; e++)
        {
            Assert.Equal(large.Epochs[e].Values[MetricKeys.Loss], accumulated.Epochs[e].Values[MetricKeys.Loss], 1e-5);
            Assert.Equal(large.Epochs[e].Values[MetricKeys.ValidationLoss], accumulated.Epochs[e].Values[MetricKeys.ValidationLoss], 1e-5);
        }
        // Without accumulation, batches of 8 take four times as many steps: the test can tell the two apart.
        Assert.True(plainWeights.Zip(largeWeights).Max(p => Math.Abs(p.First - p.Second)) > 1e-2);
    }

    [Fact]
    public void GradientAccumulationSteps_BelowOne_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { GradientAccumulationSteps = 0 });
        Assert.StartsWith("GradientAccumulationSteps must be at least 1; got 0.", e.Message);
    }
}
