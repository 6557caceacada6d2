using DeepLearning.Torch.Data;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training.Metrics;

public class MetricsTrainingTests
{
    /// <summary>Soft targets suit the loss but not Precision: inside Fit the check runs on the device and throws at the epoch's end.</summary>
    [Fact]
    public void Fit_SoftTargetsWithPrecision_ThrowsNamingMetricAtEpochEnd()
    {
        var (x, y) = TrainingData.Blobs(n: 64, seed: 5);
        using (x) using (y)
        using (var soft = y * 0.8 + 0.1)
        using (var data = new TensorDataset(x, soft))
        using (var model = TrainingData.Mlp(seed: 4))
        {
            var batches = new List<int>();
            var options = new TrainerOptions
            {
                Epochs = 2, BatchSize = 16, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent,
                Loss = Losses.BinaryCrossEntropy(fromLogits: true), Metrics = { new Precision(0) },
                Callbacks = { new BatchCounter(batches) },
            };
            var e = Assert.Throws<ArgumentException>(() => new Trainer(options).Fit(model, data));
            Assert.Contains("Precision expects binary targets 0 or 1; 64 of the epoch's targets are neither", e.Message);
            Assert.Equal([0, 1, 2, 3], batches);   // the whole first epoch ran: no batch waited for the check
        }
    }

    private sealed class BatchCounter(List<int> batches) : DeepLearning.Torch.Training.Callbacks.Callback
    {
        public override void OnBatchEnd(TrainingContext context) => batches.Add(context.BatchIndex);
    }

    [Fact]
    public void Fit_BinaryWithWeights_HistoryHoldsTrainingAndValidationKeys()
    {
        var (x, y) = TrainingData.Blobs(n: 192, seed: 5);
        var (vx, vy) = TrainingData.Blobs(n: 96, seed: 6);
        using (x) using (y) using (vx) using (vy)
        using (var w = linspace(0.5, 1.5, 192))
        using (var vw = linspace(1.5, 0.5, 96))
        using (var train = new TensorDataset(x, y, w))
        using (var validation = new TensorDataset(vx, vy, vw))
        using (var model = TrainingData.Mlp(seed: 4))
        {
            var options = new TrainerOptions
            {
                Epochs = 3, BatchSize = 40, Seed = 2, Device = DeviceSelection.Cpu,
                Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
                Metrics = { new Accuracy(0), new Precision(0), new Recall(0), new Auc() },
            };
            var trainer = new Trainer(options);
            var history = trainer.Fit(model, train, validation);
            foreach (var key in new[] { "accuracy", "precision", "recall", "auc" })
            {
                Assert.Equal(3, history[key].Length);
                Assert.Equal(3, history[MetricKeys.Validation(key)].Length);
                Assert.All(history[key].Concat(history[MetricKeys.Validation(key)]), v => Assert.InRange(v, 0, 1));
            }
            Assert.True(history["val_auc"][^1] > 0.95, $"val_auc {history["val_auc"][^1]}");

            // The last val_auc is the weighted ROC AUC of the final model on the validation set.
            using var scores = trainer.Predict(model, vx);
            double expected = RocCurve.Compute(vy.to_type(ScalarType.Int32), scores.reshape(-1), vw).Auc();
            Assert.Equal(expected, history[MetricKeys.Validation(MetricKeys.Auc)][^1], 6);
            Assert.Equal(expected, trainer.Evaluate(model, validation)[MetricKeys.Auc], 6);
        }
    }

    [Fact]
    public void Fit_RegressionAndTopK_HistoryHoldsKeys()
    {
        var (x, y) = TrainingData.Linear(n: 96);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        {
            random.manual_seed(3);
            using var model = nn.Linear(3, 2);
            var options = new TrainerOptions
            {
                Epochs = 4, BatchSize = 16, Seed = 1, Device = DeviceSelection.Cpu, ValidationSplit = 0.25,
                Loss = Losses.MeanSquaredError(), Optimizer = Optimizers.Adam(0.05),
                Metrics = { new MeanAbsoluteError(), new RootMeanSquaredError() },
            };
            var history = new Trainer(options).Fit(model, data);
            Assert.True(history["val_root_mean_squared_error"][^1] < history["val_root_mean_squared_error"][0]);
            Assert.True(history["mean_absolute_error"][^1] < history["mean_absolute_error"][0]);
            // Unweighted RMSE squared is the MSE loss (no regularization): the validation values agree.
            Assert.Equal(history[MetricKeys.ValidationLoss][^1], Math.Pow(history["val_root_mean_squared_error"][^1], 2), 5);
        }

        var (bx, by) = TrainingData.Blobs(n: 64);
        using (bx) using (by)
        using (var labels = by.to_type(ScalarType.Int64))
        using (var data = new TensorDataset(bx, labels))
        using (var model = TrainingData.Mlp(outputs: 2))
        {
            var options = new TrainerOptions
            {
                Epochs = 2, BatchSize = 16, Device = DeviceSelection.Cpu, ValidationSplit = 0.25,
                Loss = Losses.CategoricalCrossEntropy(fromLogits: true), Metrics = { new TopKAccuracy(1), new TopKAccuracy(2) },
            };
            var history = new Trainer(options).Fit(model, data);
            Assert.All(history["val_top_2_accuracy"], v => Assert.Equal(1.0, v));
            Assert.Equal(2, history["top_1_accuracy"].Length);
        }
    }
}
