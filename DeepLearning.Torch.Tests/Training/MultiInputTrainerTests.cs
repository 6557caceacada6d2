using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Augmentation;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Keras' <c>model.fit([x1, x2], y)</c>: a two-input functional model trained, resumed, evaluated and predicted.</summary>
public sealed class MultiInputTrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-multiin").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static TrainerOptions Options(int epochs = 3, double validationSplit = 0.25) => new()
    {
        Epochs = epochs, BatchSize = 16, Seed = 5, Device = DeviceSelection.Cpu, ValidationSplit = validationSplit,
        Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.02),
        Metrics = { new Accuracy(threshold: 0) },
    };

    [Fact]
    public void Fit_TwoInputGraphWithValidationSplit_LossDecreasesAndLearns()
    {
        var (x1, x2, y) = TwoInputData.Make();
        using (x1) using (x2) using (y)
        using (var data = new TensorDataset([x1, x2], y))
        using (var model = TwoInputData.TwoBranch(seed: 1))
        {
            var history = new Trainer(Options(epochs: 8)).Fit(model, data);
            var first = history.Epochs[0].Values;
            var last = history.Epochs[^1].Values;
            Assert.Equal(StopReason.Completed, history.StopReason);
            Assert.True(last[MetricKeys.Loss] < 0.7 * first[MetricKeys.Loss], $"loss {first[MetricKeys.Loss]} -> {last[MetricKeys.Loss]}");
            Assert.True(last[MetricKeys.ValidationLoss] < first[MetricKeys.ValidationLoss]);
            Assert.True(last[MetricKeys.Validation("accuracy")] > 0.8, $"val accuracy {last[MetricKeys.Validation("accuracy")]}");
        }
    }

    [Fact]
    public void Resume_AfterEpoch1_BitwiseIdenticalToUninterruptedRun()
    {
        var (x1, x2, y) = TwoInputData.Make(96);
        using (x1) using (x2) using (y)
        using (var data = new TensorDataset([x1, x2], y))
        {
            History full;
            float[] fullWeights;
            using (var model = TwoInputData.TwoBranch(seed: 1))
            {
                var options = Options();
                options.Callbacks.Add(new ModelCheckpoint(Path.Combine(_dir, "ep{epoch}.ckpt")));
                full = new Trainer(options).Fit(model, data);
                fullWeights = TrainingData.Flat(model);
            }

            using (var noise = randn(100)) { }
            using var resumedModel = TwoInputData.TwoBranch(seed: 777);
            var resumed = new Trainer(Options()).Fit(resumedModel, data, resumeFrom: Path.Combine(_dir, "ep1.ckpt"));

            Assert.Equal(fullWeights, TrainingData.Flat(resumedModel));
            Assert.Equal(full.Epochs.Select(e => e.Values), resumed.Epochs.Select(e => e.Values));
            Assert.NotEqual(full.Epochs[0].Values[MetricKeys.Loss], full.Epochs[2].Values[MetricKeys.Loss]);
        }
    }

    [Fact]
    public void Predict_TwoInputs_EqualsForwardOnWholeData()
    {
        var (x1, x2, y) = TwoInputData.Make(100);
        using (x1) using (x2) using (y)
        using (var data = new TensorDataset([x1, x2], y))
        using (var model = TwoInputData.TwoBranch(seed: 2))
        {
            var trainer = new Trainer(Options(epochs: 1));
            trainer.Fit(model, data);
            using var predicted = trainer.Predict(model, [x1, x2]);
            model.eval();
            using var noGrad = no_grad();
            using var direct = model.Forward(x1, x2)[0];
            Assert.Equal(new long[] { 100, 1 }, predicted.shape);
            Assert.True(predicted.allclose(direct, rtol: 1e-6, atol: 1e-7), "Predict differs from Forward on the whole data");
        }
    }

    [Fact]
    public void Evaluate_ExplicitValidationSet_EqualsLastValidationLoss()
    {
        var (x1, x2, y) = TwoInputData.Make();
        using (x1) using (x2) using (y)
        using (var data = new TensorDataset([x1, x2], y))
        using (var split = DatasetSplit.Split(data, 0.25, seed: 4))
        using (var model = TwoInputData.TwoBranch(seed: 3))
        {
            var trainer = new Trainer(Options(validationSplit: 0));
            var history = trainer.Fit(model, split.Train, validation: split.Validation);
            var values = trainer.Evaluate(model, split.Validation);
            Assert.Equal(history.Epochs[^1].Values[MetricKeys.ValidationLoss], values[MetricKeys.Loss]);
            Assert.Equal(history.Epochs[^1].Values[MetricKeys.Validation("accuracy")], values["accuracy"]);
        }
    }

    [Fact]
    public void Fit_WithAugmentation_AugmentsFirstInputOnly()
    {
        var (x1, x2, y) = TwoInputData.Make(64);
        using (x1) using (x2) using (y)
        using (var data = new TensorDataset([x1, x2], y))
        using (var model = TwoInputData.TwoBranch(seed: 1))
        {
            var augmentation = new RecordingAugmentation();
            var options = Options(epochs: 2, validationSplit: 0);
            options.Augmentation = augmentation;
            new Trainer(options).Fit(model, data);
            Assert.Equal(2 * 4, augmentation.Shapes.Count);
            Assert.All(augmentation.Shapes, s => Assert.Equal(new long[] { 16, 3 }, s));
        }
    }

    [Fact]
    public void Fit_NaNInSecondInput_StopsNamingThatInput()
    {
        var (x1, x2, y) = TwoInputData.Make(64);
        using (x1) using (y)
        using (var poisoned = x2.clone())
        {
            x2.Dispose();
            poisoned[37, 1] = tensor(float.NaN);
            using var data = new TensorDataset([x1, poisoned], y);
            using var model = TwoInputData.TwoBranch(seed: 1);
            var options = Options(validationSplit: 0);
            options.Shuffle = false;
            options.Callbacks.Add(new TerminateOnNaN());
            var history = new Trainer(options).Fit(model, data);
            Assert.Equal(StopReason.NonFiniteLoss, history.StopReason);
            Assert.Equal("loss is NaN; input 1 of the batch holds 1 non-finite value(s) at epoch 1, batch 2; the optimizer step was not taken", history.StopMessage);
        }
    }

    [Fact]
    public void Fit_TwoInputs_LiveTensorCountFlatFromEpoch2()
    {
        var (x1, x2, y) = TwoInputData.Make(96);
        using (x1) using (x2) using (y)
        using (var data = new TensorDataset([x1, x2], y))
        using (var model = TwoInputData.TwoBranch(seed: 1))
        {
            var live = new LiveTensors();
            var options = Options(epochs: 6);
            options.Augmentation = new RecordingAugmentation();
            options.Callbacks.Add(new TerminateOnNaN());
            options.Callbacks.Add(live);
            new Trainer(options).Fit(model, data);
            Assert.Equal(6, live.Counts.Count);
            Assert.All(live.Counts.Skip(1), c => Assert.Equal(live.Counts[1], c));
        }
    }

    /// <summary>Records the shape of every batch it is given and returns a copy.</summary>
    private sealed class RecordingAugmentation : IBatchAugmentation
    {
        public List<long[]> Shapes { get; } = [];

        public bool IsTraining { get; set; } = true;

        public Tensor Apply(Tensor batch)
        {
            Shapes.Add(batch.shape);
            return batch.clone();
        }
    }
}
