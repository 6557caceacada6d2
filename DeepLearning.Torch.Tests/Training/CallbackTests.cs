using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class CallbackTests
{
    private static History Fit(int epochs, double[] script, params Callback[] callbacks) => Fit(epochs, script, out _, callbacks);

    private static History Fit(int epochs, double[] script, out float[] finalWeights, params Callback[] callbacks)
    {
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = new TrainerOptions
            {
                Epochs = epochs, BatchSize = 16, Device = DeviceSelection.Cpu, Seed = 5,
                Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Sgd(0.05),
                Metrics = { new ScriptedMetric(script) },
            };
            foreach (var c in callbacks) options.Callbacks.Add(c);
            var history = new Trainer(options).Fit(model, data, validation: data);
            finalWeights = TrainingData.Flat(model);
            return history;
        }
    }

    private static EarlyStopping Early(int patience = 2) => new() { MonitorKey = "val_score", Mode = MonitorMode.Min, Patience = patience, RestoreBestWeights = true };

    [Fact]
    public void EarlyStopping_PatienceExhausted_StopsAndRestoresBest()
    {
        var early = Early();
        var record = new RecordWeights();
        var history = Fit(10, [1.0, 0.5, 0.6, 0.7, 0.8, 0.9], out var final, early, record);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.Equal(StopReason.EarlyStopping, early.StopReason);
        Assert.Equal((2, 4, 0.5), (early.BestEpoch, early.StoppedEpoch, early.Best));
        Assert.Equal("val_score did not improve for 2 epoch(s); best 0.5 at epoch 2.", history.StopMessage);
        Assert.True(early.RestoredBestWeights);
        Assert.Equal(record.Weights[2], final);
        Assert.NotEqual(record.Weights[4], final);
    }

    [Fact]
    public void EarlyStopping_LastEpochReached_RestoresBest()
    {
        var early = Early(patience: 10);
        var record = new RecordWeights();
        var history = Fit(4, [1.0, 0.5, 0.6, 0.7], out var final, early, record);
        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.Equal(StopReason.Completed, early.StopReason);
        Assert.Equal(record.Weights[2], final);
    }

    [Fact]
    public void EarlyStopping_AnotherCallbackStops_RestoresBest()
    {
        var early = Early(patience: 10);
        var record = new RecordWeights();
        var history = Fit(6, [1.0, 0.5, 0.6, 0.7, 0.8, 0.9], out var final, early, record, new StopAt(3));
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(StopReason.CallbackRequest, early.StopReason);
        Assert.Equal(record.Weights[2], final);
    }

    [Fact]
    public void EarlyStopping_NaNTermination_RestoresBestAndBestCheckpointIntact()
    {
        string dir = Directory.CreateTempSubdirectory("dlt-nan").FullName;
        var early = Early(patience: 10);
        var record = new RecordWeights();
        var nan = new TerminateOnNaN();
        var best = new ModelCheckpoint(Path.Combine(dir, "best.ckpt")) { MonitorKey = "val_score", SaveBestOnly = true };
        var history = Fit(6, [1.0, 0.5, 0.6, 0.7, 0.8, 0.9], out var final, early, record, nan, best, new PoisonAt(4, 1));
        Assert.Equal(StopReason.NonFiniteLoss, history.StopReason);
        Assert.Contains("epoch 4, batch 1", history.StopMessage);
        Assert.Equal((4, 1), (nan.Epoch!.Value, nan.Batch!.Value));
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(record.Weights[2], final);
        var info = Checkpoint.Inspect(Path.Combine(dir, "best.ckpt"));
        Assert.Equal(2, info.Epoch);
        using var model = TrainingData.Mlp(seed: 99);
        Checkpoint.LoadWeights(Path.Combine(dir, "best.ckpt"), model);
        Assert.Equal(record.Weights[2], TrainingData.Flat(model));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void EarlyStopping_RelativeMinDelta_CountsSmallGainsAsNoImprovement()
    {
        double[] script = [100, 99.5, 99.2, 99.0];
        var relative = new EarlyStopping { MonitorKey = "val_score", Mode = MonitorMode.Min, MinDelta = 0.01, RelativeMinDelta = true, Patience = 1 };
        var absolute = new EarlyStopping { MonitorKey = "val_score", Mode = MonitorMode.Min, MinDelta = 0.01, Patience = 1 };
        Assert.Equal(2, Fit(4, script, relative).Epochs.Count);
        Assert.Equal(1, relative.BestEpoch);
        Assert.Equal(4, Fit(4, script, absolute).Epochs.Count);
        Assert.Equal(4, absolute.BestEpoch);
    }

    [Fact]
    public void EarlyStopping_BaselineNeverBeaten_StopsWithoutRestoring()
    {
        var early = new EarlyStopping { MonitorKey = "val_score", Mode = MonitorMode.Min, Baseline = 0.5, Patience = 2, RestoreBestWeights = true };
        var history = Fit(5, [1.0, 0.9, 0.8, 0.7, 0.6], early);
        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(0, early.BestEpoch);
        Assert.False(early.RestoredBestWeights);
    }

    [Fact]
    public void EarlyStopping_StartEpoch_IgnoresWarmUp()
    {
        var early = new EarlyStopping { MonitorKey = "val_score", Mode = MonitorMode.Min, StartEpoch = 3, Patience = 1 };
        var history = Fit(6, [5, 1, 2, 3, 4, 5], early);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(3, early.BestEpoch);
    }

    [Fact]
    public void EarlyStopping_NegativePatience_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping { Patience = -1 });
        Assert.Equal("Patience", e.ParamName);
    }

    [Fact]
    public void ModelCheckpoint_TemplateAndEveryN_WritesNamedFiles()
    {
        string dir = Directory.CreateTempSubdirectory("dlt-ckpt").FullName;
        var checkpoint = new ModelCheckpoint(Path.Combine(dir, "epoch{epoch:D3}-{val_score:F2}.ckpt")) { EveryEpochs = 2 };
        var csv = new CsvLogger(Path.Combine(dir, "log.csv"));
        var lr = new LearningRateMonitor();
        Fit(4, [1, 2, 3, 4], checkpoint, csv, lr);
        var files = Directory.GetFiles(dir, "*.ckpt").Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(new[] { "epoch002-2.00.ckpt", "epoch004-4.00.ckpt" }, files);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        Assert.Equal(5, File.ReadAllLines(Path.Combine(dir, "log.csv")).Length);
        Assert.Equal([1, 2, 3, 4], lr.Rates.Select(r => r.Epoch));
        Assert.All(lr.Rates, r => Assert.Equal(0.05, r.LearningRate, 12));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ModelCheckpoint_Format_UnknownKey_ThrowsNamingIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ModelCheckpoint.Format("m-{val_auc:F3}.ckpt", 1, new Dictionary<string, double> { ["loss"] = 1 }));
        Assert.Contains("'{val_auc}'", e.Message);
    }

    [Fact]
    public void TrainingProgress_ReportedPerBatchAndEpoch()
    {
        var reports = new List<TrainingProgress>();
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            new Trainer(new TrainerOptions
            {
                Epochs = 2, BatchSize = 16, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
                Progress = new SynchronousProgress(reports.Add),
            }).Fit(model, data);
        }
        Assert.Equal(2 * (4 + 1), reports.Count);
        Assert.Equal(2, reports.Count(r => r.IsEpochEnd));
        Assert.Equal(3, reports[2].Batch);
        Assert.Equal(4, reports[2].BatchCount);
        Assert.True(reports[2].Logs.ContainsKey(MetricKeys.Loss));
    }

    [Fact]
    public void TrainingProgress_MetricNotReportedPerBatch_IsReadAtEpochEndsOnly()
    {
        var reports = new List<TrainingProgress>();
        var perEpoch = new CountingMetric("costly", perBatch: false);
        var perBatch = new CountingMetric("cheap", perBatch: true);
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = new TrainerOptions
            {
                Epochs = 2, BatchSize = 16, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
                Progress = new SynchronousProgress(reports.Add),
            };
            options.Metrics.Add(perEpoch);
            options.Metrics.Add(perBatch);
            var history = new Trainer(options).Fit(model, data);
            Assert.Equal(2, history.Epochs.Count(e => e.Values.ContainsKey("costly")));
        }
        Assert.Equal(2, perEpoch.Reads);             // once per epoch end
        Assert.Equal(2 * 4 + 2, perBatch.Reads);     // after every batch and at each epoch end
        Assert.All(reports.Where(r => !r.IsEpochEnd), r => Assert.False(r.Logs.ContainsKey("costly")));
        Assert.All(reports.Where(r => r.IsEpochEnd), r => Assert.True(r.Logs.ContainsKey("costly")));
    }

    private sealed class CountingMetric(string name, bool perBatch) : DeepLearning.Torch.Training.Metrics.Metric
    {
        public int Reads { get; private set; }

        public override string Name => name;

        public override bool ReportedPerBatch => perBatch;

        public override void Reset()
        {
        }

        public override void Update(TorchSharp.torch.Tensor prediction, TorchSharp.torch.Tensor target, TorchSharp.torch.Tensor? weights)
        {
        }

        public override double Result => ++Reads;
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
