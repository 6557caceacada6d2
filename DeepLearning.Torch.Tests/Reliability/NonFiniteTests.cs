using DeepLearning.Torch.Data;
using DeepLearning.Torch.Tests.Training;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>NaN or infinite losses, NaN inputs and exploding gradients: stop with reason and batch, or skip when asked.</summary>
public sealed class NonFiniteTests : IDisposable
{
    private const int BatchesPerEpoch = 4;
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-nonfinite").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private (History History, float[] Weights) Fit(nn.Module<Tensor, Tensor> model, TensorDataset data, params Callback[] callbacks)
    {
        var options = new TrainerOptions
        {
            Epochs = 4, BatchSize = 16, Shuffle = false, Seed = 3, Device = DeviceSelection.Cpu,
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
        };
        foreach (var c in callbacks) options.Callbacks.Add(c);
        var history = new Trainer(options).Fit(model, data, validation: data);
        return (history, TrainingData.Flat(model));
    }

    [Theory]
    [InlineData(Poison.NaNLoss, StopReason.NonFiniteLoss, "loss is NaN")]
    [InlineData(Poison.InfiniteLoss, StopReason.NonFiniteLoss, "loss is Infinity")]
    [InlineData(Poison.ExplodingGradient, StopReason.NonFiniteGradient, "exploding gradient: the gradient of")]
    public void Fit_NonFiniteBatch_StopsNamingReasonAndBatch_BestWeightsRestorable(Poison poison, StopReason reason, string problem)
    {
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = new Poisoned(TrainingData.Mlp(seed: 4), atCall: 2 * BatchesPerEpoch + 3, poison))
        {
            var guard = new TerminateOnNaN();
            var best = new ModelCheckpoint(Path.Combine(_dir, "best.ckpt")) { SaveBestOnly = true };
            var early = new EarlyStopping { Patience = 10, RestoreBestWeights = true };
            var (history, weights) = Fit(model, data, guard, best, early);

            Assert.Equal(reason, history.StopReason);
            Assert.Contains(problem, history.StopMessage);
            Assert.Contains("at epoch 3, batch 2", history.StopMessage);
            Assert.Equal((3, 2), (guard.Epoch, guard.Batch));
            Assert.Equal(2, history.Epochs.Count);
            Assert.All(weights, w => Assert.True(float.IsFinite(w)));
            var info = Checkpoint.Inspect(Path.Combine(_dir, "best.ckpt"));
            using var restored = TrainingData.Mlp(seed: 99);
            Checkpoint.LoadWeights(Path.Combine(_dir, "best.ckpt"), new Poisoned(restored, 0, poison));
            Assert.Equal(TrainingData.Flat(restored), weights);
            Assert.InRange(info.Epoch, 1, 2);
        }
    }

    [Fact]
    public void Fit_NaNInputBatch_StopsNamingInputAndBatch()
    {
        var (x, y) = TrainingData.Blobs(64);
        using (y)
        using (var poisoned = x.clone())
        {
            x.Dispose();
            poisoned[37, 2] = tensor(float.NaN);
            poisoned[38, 0] = tensor(float.PositiveInfinity);
            using var data = new TensorDataset(poisoned, y);
            using var model = TrainingData.Mlp(seed: 4);
            var guard = new TerminateOnNaN();
            var (history, weights) = Fit(model, data, guard);
            Assert.Equal(StopReason.NonFiniteLoss, history.StopReason);
            Assert.Equal("loss is NaN; the input batch holds 2 non-finite value(s) at epoch 1, batch 2; the optimizer step was not taken", history.StopMessage);
            Assert.Equal(2, guard.Batch);
            Assert.Empty(history.Epochs);
            Assert.All(weights, w => Assert.True(float.IsFinite(w)));
        }
    }

    [Theory]
    [InlineData(Poison.NaNLoss)]
    [InlineData(Poison.ExplodingGradient)]
    public void Fit_SkipBatch_SkipsTheBatchCountsItAndCompletes(Poison poison)
    {
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = new Poisoned(TrainingData.Mlp(seed: 4), atCall: BatchesPerEpoch + 2, poison))
        {
            var guard = new TerminateOnNaN { SkipBatch = true };
            var csv = new CsvLogger(Path.Combine(_dir, "history.csv"));
            var (history, weights) = Fit(model, data, guard, csv);
            Assert.Equal(StopReason.Completed, history.StopReason);
            Assert.Equal([0.0, 1.0, 0.0, 0.0], history[MetricKeys.SkippedBatches]);
            Assert.Equal(1, guard.SkippedBatches);
            Assert.All(history[MetricKeys.Loss], l => Assert.True(double.IsFinite(l)));
            Assert.All(weights, w => Assert.True(float.IsFinite(w)));
            Assert.Contains("skipped_batches", File.ReadLines(Path.Combine(_dir, "history.csv")).First());
        }
    }

    [Fact]
    public void Fit_SkipBatch_EqualsTrainingWithoutThatBatch()
    {
        // Unshuffled, no dropout: skipping batch 1 must give bitwise the weights and loss of a run on the data without its rows.
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var without = new TensorDataset(cat([x[..16], x[32..]]), cat([y[..16], y[32..]])))
        using (var skipping = new Poisoned(TrainingData.Mlp(seed: 4, dropout: 0), atCall: 2, Poison.NaNLoss))
        using (var reference = TrainingData.Mlp(seed: 4, dropout: 0))
        {
            History Run(nn.Module<Tensor, Tensor> model, TensorDataset d) => new Trainer(new TrainerOptions
            {
                Epochs = 1, BatchSize = 16, Shuffle = false, Seed = 3, Device = DeviceSelection.Cpu,
                Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
                Callbacks = { new TerminateOnNaN { SkipBatch = true } },
            }).Fit(model, d);

            var skipped = Run(skipping, data);
            var expected = Run(reference, without);
            Assert.Equal(TrainingData.Flat(reference), TrainingData.Flat(skipping));
            Assert.Equal(expected[MetricKeys.Loss], skipped[MetricKeys.Loss]);
            Assert.Equal([1.0], skipped[MetricKeys.SkippedBatches]);
            Assert.Equal([0.0], expected[MetricKeys.SkippedBatches]);
        }
    }

    private sealed class StopAfterFirstBatch : Callback
    {
        public override void OnBatchEnd(TrainingContext context)
        {
            if (context.BatchIndex == 0) context.RequestStop(StopReason.CallbackRequest, "test stop after this epoch");
        }
    }

    [Fact]
    public void Fit_SkipBatchAfterAnotherStopRequest_FinishesAndRecordsTheEpoch()
    {
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = new Poisoned(TrainingData.Mlp(seed: 4), atCall: 2, Poison.NaNLoss))
        {
            var (history, _) = Fit(model, data, new TerminateOnNaN { SkipBatch = true }, new StopAfterFirstBatch());
            Assert.Equal(StopReason.CallbackRequest, history.StopReason);
            Assert.Equal([1.0], history[MetricKeys.SkippedBatches]);
        }
    }
}
