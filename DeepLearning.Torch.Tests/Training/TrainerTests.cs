using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class TrainerTests
{
    private static TrainerOptions Options(int epochs = 5) => new()
    {
        Epochs = epochs, BatchSize = 32, Seed = 11, Device = DeviceSelection.Cpu,
        Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
        Metrics = { new Accuracy(threshold: 0) },
    };

    [Fact]
    public void Fit_Blobs_LossDecreasesAndAccuracyHigh()
    {
        var (x, y) = TrainingData.Blobs();
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = Options();
            options.ValidationSplit = 0.25;
            var history = new Trainer(options).Fit(model, data);
            Assert.Equal(5, history.Epochs.Count);
            Assert.True(history[MetricKeys.Loss][^1] < history[MetricKeys.Loss][0] * 0.5);
            Assert.True(history[MetricKeys.ValidationAccuracy][^1] > 0.95);
            Assert.Equal(StopReason.Completed, history.StopReason);
            Assert.Equal("cpu", history.Device);
            Assert.Equal(11, history.Seed);
            Assert.Contains("TorchSharp", history.PackageVersions.Keys);
            Assert.All(history.Epochs, e => Assert.Equal(0.01, e.LearningRate, 12));
        }
    }

    [Fact]
    public void Fit_SameSeed_BitwiseIdentical()
    {
        var (x, y) = TrainingData.Blobs();
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        {
            float[] Run(out double[] losses)
            {
                using var model = TrainingData.Mlp(seed: 3);
                losses = new Trainer(Options(3)).Fit(model, data)[MetricKeys.Loss];
                return TrainingData.Flat(model);
            }
            var a = Run(out var la);
            var b = Run(out var lb);
            Assert.Equal(a, b);
            Assert.Equal(la, lb);
        }
    }

    [Fact]
    public void Fit_WithoutLoss_Throws()
    {
        var (x, y) = TrainingData.Blobs(16);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var e = Assert.Throws<InvalidOperationException>(() => new Trainer(new TrainerOptions { Device = DeviceSelection.Cpu }).Fit(model, data));
            Assert.Contains("TrainerOptions.Loss is not set", e.Message);
        }
    }

    [Fact]
    public void Fit_UnlabelledData_Throws()
    {
        using var x = zeros(8, 4);
        using var data = new TensorDataset(x);
        using var model = TrainingData.Mlp();
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Options()).Fit(model, data));
        Assert.Equal("train", e.ParamName);
    }

    [Fact]
    public void Options_AfterFit_AreFrozen()
    {
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = Options(1);
            new Trainer(options).Fit(model, data);
            Assert.True(options.IsFrozen);
            Assert.Throws<InvalidOperationException>(() => options.Epochs = 3);
            var e = Assert.Throws<InvalidOperationException>(() => options.Metrics.Add(new Accuracy()));
            Assert.Contains("frozen", e.Message);
        }
    }

    [Theory]
    [InlineData("Epochs")]
    [InlineData("BatchSize")]
    [InlineData("ValidationSplit")]
    [InlineData("GradientClipNorm")]
    public void Options_InvalidValue_ThrowsNamingProperty(string property)
    {
        var options = new TrainerOptions();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            switch (property)
            {
                case "Epochs": options.Epochs = 0; break;
                case "BatchSize": options.BatchSize = -1; break;
                case "ValidationSplit": options.ValidationSplit = 1; break;
                default: options.GradientClipNorm = 0; break;
            }
        });
        Assert.Equal(property, e.ParamName);
    }

    [Fact]
    public void EvaluateAndPredict_MatchFullBatchComputation()
    {
        var (x, y) = TrainingData.Blobs(70);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp(dropout: 0.5))
        {
            var trainer = new Trainer(Options());
            var values = trainer.Evaluate(model, data);
            using var predicted = trainer.Predict(model, x);
            model.eval();
            using var direct = model.forward(x);
            using var expectedLoss = nn.functional.binary_cross_entropy_with_logits(direct, y.unsqueeze(1));
            Assert.True(predicted.allclose(direct));
            Assert.Equal(expectedLoss.item<float>(), values[MetricKeys.Loss], 5);
            using var correct = direct.squeeze(1).gt(0).eq(y.gt(0.5)).to_type(ScalarType.Float64).mean();
            Assert.Equal(correct.item<double>(), values[MetricKeys.Accuracy], 10);
        }
    }

    [Fact]
    public void Fit_HistorySavedAsJsonAndCsv_RoundTrips()
    {
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var history = new Trainer(Options(2)).Fit(model, data, validation: data);
            string dir = Directory.CreateTempSubdirectory("dlt-history").FullName;
            history.SaveJson(Path.Combine(dir, "h.json"));
            history.SaveCsv(Path.Combine(dir, "h.csv"));
            var back = History.FromJson(File.ReadAllText(Path.Combine(dir, "h.json")));
            Assert.Equal(history[MetricKeys.ValidationLoss], back[MetricKeys.ValidationLoss]);
            string[] lines = File.ReadAllLines(Path.Combine(dir, "h.csv"));
            Assert.Equal("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds", lines[0]);
            Assert.Equal(3, lines.Length);
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void DeviceChoice_Auto_ReportsWhyCpu()
    {
        var choice = DeviceChoice.Resolve(DeviceSelection.Auto);
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, choice.Device.type);
            return;
        }
        Assert.Equal(DeviceType.CPU, choice.Device.type);
        Assert.Contains("CPU-only", choice.Reason);
        var e = Assert.Throws<InvalidOperationException>(() => DeviceChoice.Resolve(DeviceSelection.Cuda));
        Assert.Contains("CUDA is not usable", e.Message);
    }

    [Fact]
    public void Evaluate_SampleWeights_ReachTheLoss()
    {
        var (x, y) = TrainingData.Blobs(40);
        using (x) using (y)
        using (var w = cat([ones(20), zeros(20)]))
        using (var weighted = new TensorDataset(x, y, w))
        using (var firstHalf = new TensorDataset(x.narrow(0, 0, 20), y.narrow(0, 0, 20)))
        using (var model = TrainingData.Mlp())
        {
            var trainer = new Trainer(Options());
            double all = trainer.Evaluate(model, weighted)[MetricKeys.Loss];
            double half = trainer.Evaluate(model, firstHalf)[MetricKeys.Loss];
            Assert.Equal(half / 2, all, 6);
        }
    }

    [Fact]
    public void Evaluate_RegularizedModule_AddsPenalty()
    {
        var (x, y) = TrainingData.Blobs(40);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = new Regularized())
        {
            var trainer = new Trainer(Options());
            double total = trainer.Evaluate(model, data)[MetricKeys.Loss];
            model.Penalty = 0;
            double plain = trainer.Evaluate(model, data)[MetricKeys.Loss];
            Assert.Equal(plain + 0.75, total, 5);
        }
    }

    /// <summary>Fits one epoch of 40 samples of class 0 and one of class 1 with the given split settings.</summary>
    private static History FitRareClass(Action<TrainerOptions> configure)
    {
        using var x = randn(41, 4);
        using var y = cat([zeros(40), ones(1)]);
        using var data = new TensorDataset(x, y);
        using var model = TrainingData.Mlp();
        var options = Options(1);
        configure(options);
        return new Trainer(options).Fit(model, data);
    }

    [Fact]
    public void Fit_ValidationSplitMissingClass_ThrowsNamingClassAndCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => FitRareClass(o => o.ValidationSplit = 0.2));
        Assert.Equal("train", e.ParamName);
        Assert.StartsWith("TrainerOptions.ValidationSplit = 0.2 leaves class 1 without validation samples: it has 1 of 41 samples, " +
                          "and 0.2 x 1 rounds to 0; use a larger ValidationSplit", e.Message);
    }

    [Fact]
    public void Fit_ValidationSplitTakesAllOfAClass_ThrowsNamingTraining()
    {
        var e = Assert.Throws<ArgumentException>(() => FitRareClass(o => o.ValidationSplit = 0.5));
        Assert.Contains("leaves class 1 without training samples: it has 1 of 41 samples, and 0.5 x 1 rounds to 1", e.Message);
    }

    [Fact]
    public void Fit_UnstratifiedSplitMissingClass_Throws()
    {
        // With one sample of class 1, it lands in exactly one of the two parts.
        var e = Assert.Throws<ArgumentException>(() => FitRareClass(o => (o.ValidationSplit, o.StratifyValidationSplit) = (0.1, false)));
        Assert.Matches("leaves class 1 without (validation|training) samples: it has 1 of 41 samples and the unstratified split", e.Message);
    }

    [Fact]
    public void Fit_ValidationSplitOfRegressionTargets_IsNotCheckedForClasses()
    {
        var history = FitRareClass(o =>
        {
            o.Loss = Losses.MeanSquaredError();
            o.Metrics.Clear();
            o.ValidationSplit = 0.2;
        });
        Assert.Equal(StopReason.Completed, history.StopReason);
    }

    [Fact]
    public void Fit_ValidationSetAndSplit_Throws()
    {
        var (x, y) = TrainingData.Blobs(16);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = Options(1);
            options.ValidationSplit = 0.2;
            var e = Assert.Throws<ArgumentException>(() => new Trainer(options).Fit(model, data, validation: data));
            Assert.Equal("validation", e.ParamName);
            Assert.Contains("not both", e.Message);
        }
    }

    [Fact]
    public void Fit_Cancelled_StopsWithReason()
    {
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        using (var cancel = new CancellationTokenSource())
        {
            cancel.Cancel();
            var history = new Trainer(Options(3)).Fit(model, data, cancellationToken: cancel.Token);
            Assert.Equal(StopReason.Cancelled, history.StopReason);
            Assert.Empty(history.Epochs);
        }
    }

    private sealed class Regularized : nn.Module<Tensor, Tensor>, DeepLearning.Torch.Models.IRegularizedModule
    {
        private readonly TorchSharp.Modules.Linear _linear = nn.Linear(4, 1);

        public Regularized() : base("regularized") => RegisterComponents();

        public float Penalty { get; set; } = 0.75f;

        public Tensor? RegularizationLoss() => Penalty == 0 ? null : tensor(Penalty);

        public override Tensor forward(Tensor input) => _linear.forward(input);
    }
}
