using DeepLearning.Torch.Data;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-resume").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static TrainerOptions Options(params Callback[] callbacks)
    {
        var options = new TrainerOptions
        {
            Epochs = 4, BatchSize = 16, Seed = 21, Device = DeviceSelection.Cpu, ValidationSplit = 0.25,
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
            Schedule = Schedules.ReduceOnPlateau(MetricKeys.ValidationLoss, 0.5, patience: 0),
            Metrics = { new DeepLearning.Torch.Training.Metrics.Accuracy(threshold: 0) },
        };
        foreach (var c in callbacks) options.Callbacks.Add(c);
        return options;
    }

    [Fact]
    public void Resume_AfterEpoch2_BitwiseIdenticalToUninterruptedRun()
    {
        var (x, y) = TrainingData.Blobs(96);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        {
            History full;
            float[] fullWeights;
            using (var model = TrainingData.Mlp(seed: 1, dropout: 0.3))
            {
                full = new Trainer(Options(new ModelCheckpoint(Path.Combine(_dir, "ep{epoch}.ckpt")),
                    new EarlyStopping { Patience = 10, RestoreBestWeights = true })).Fit(model, data);
                fullWeights = TrainingData.Flat(model);
            }

            // Something else draws from the global generator in between: the resume must not depend on it.
            using (var noise = randn(100)) { }
            using var resumedModel = TrainingData.Mlp(seed: 777, dropout: 0.3);
            var resumed = new Trainer(Options(new ModelCheckpoint(Path.Combine(_dir, "resumed{epoch}.ckpt")),
                new EarlyStopping { Patience = 10, RestoreBestWeights = true })).Fit(resumedModel, data, resumeFrom: Path.Combine(_dir, "ep2.ckpt"));

            Assert.Equal(fullWeights, TrainingData.Flat(resumedModel));
            Assert.Equal(full.Epochs.Count, resumed.Epochs.Count);
            for (int e = 0; e < full.Epochs.Count; e++)
            {
                Assert.Equal(full.Epochs[e].Values, resumed.Epochs[e].Values);
                Assert.Equal(full.Epochs[e].LearningRate, resumed.Epochs[e].LearningRate);
            }
            Assert.NotEqual(full.Epochs[0].Values[MetricKeys.Loss], full.Epochs[3].Values[MetricKeys.Loss]);
            Assert.False(File.Exists(Path.Combine(_dir, "resumed2.ckpt")));
            Assert.True(File.Exists(Path.Combine(_dir, "resumed3.ckpt")));
        }
    }

    private string WriteCheckpoint()
    {
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = Options(new ModelCheckpoint(Path.Combine(_dir, "c.ckpt")));
            options.Epochs = 1;
            new Trainer(options).Fit(model, data);
        }
        return Path.Combine(_dir, "c.ckpt");
    }

    [Fact]
    public void Inspect_ValidFile_ReportsEpochHistoryAndNoTempFiles()
    {
        string path = WriteCheckpoint();
        var info = Checkpoint.Inspect(path);
        Assert.Equal(1, info.Epoch);
        Assert.Single(info.History.Epochs);
        Assert.Contains("0.weight", info.ParameterNames);
        Assert.Null(info.ModelDescription);
        Assert.Single(Directory.GetFiles(_dir), f => !f.EndsWith(".dltorch.lock", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Read_Truncated_ThrowsNamingFileAndProblem()
    {
        string path = WriteCheckpoint();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Inspect(path));
        Assert.Equal(path, e.Path);
        Assert.Contains("truncated", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_FlippedByte_ThrowsChecksumMismatch()
    {
        string path = WriteCheckpoint();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Inspect(path));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void Read_OtherFile_ThrowsNotACheckpoint()
    {
        string path = Path.Combine(_dir, "x.ckpt");
        File.WriteAllText(path, "hello, this is not a checkpoint at all");
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Inspect(path));
        Assert.Contains("not a DeepLearning.Torch checkpoint", e.Message);
    }

    [Fact]
    public void Read_FormatVersion1File_ReadsEverySectionAndRewritesAsCurrentVersion()
    {
        // Written by the training host (--epochs 6, copied after epoch 2) before format version 2 existed.
        string old = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training", "host_epoch2_format1.ckpt");
        Assert.Equal(1, BitConverter.ToInt32(File.ReadAllBytes(old), 8));
        var info = Checkpoint.Inspect(old);
        Assert.Equal(2, info.Epoch);
        Assert.Equal(2, info.History.Epochs.Count);
        string rewritten = Path.Combine(_dir, "rewritten.ckpt");
        using (var state = Checkpoint.Read(old))
        {
            Assert.NotNull(state.Settings);
            Assert.Empty(state.MoreOptimizers);
            CheckpointFile.WriteAtomically(rewritten, state.Serialize());
        }
        Assert.Equal(Checkpoint.FormatVersion, BitConverter.ToInt32(File.ReadAllBytes(rewritten), 8));
        using var first = Checkpoint.Read(old);
        using var second = Checkpoint.Read(rewritten);
        Assert.Equal(first.Settings, second.Settings);
        Assert.Equal(first.HistoryJson, second.HistoryJson);
        Assert.Equal(first.Optimizer, second.Optimizer);
        Assert.Equal(first.Callbacks.Select(c => c.Key), second.Callbacks.Select(c => c.Key));
        Assert.Equal(first.Weights.Select(w => w.Name), second.Weights.Select(w => w.Name));
        Assert.All(first.Weights.Zip(second.Weights), p => Assert.True(p.First.Value.equal(p.Second.Value).all().item<bool>(), p.First.Name));
    }

    [Fact]
    public void Read_OtherVersion_ThrowsNamingVersions()
    {
        string path = WriteCheckpoint();
        byte[] bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(99).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Inspect(path));
        Assert.Contains("format version 99", e.Message);
    }

    [Fact]
    public void Read_MissingFile_Throws()
    {
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Inspect(Path.Combine(_dir, "none.ckpt")));
        Assert.Contains("cannot be read", e.Message);
    }

    [Fact]
    public void Resume_WrongModel_ThrowsAndLeavesModelUntouched()
    {
        string path = WriteCheckpoint();
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        {
            random.manual_seed(3);
            using var other = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1));
            float[] before = TrainingData.Flat(other);
            var e = Assert.Throws<CheckpointException>(() => new Trainer(Options()).Fit(other, data, resumeFrom: path));
            Assert.Contains("does not match the model", e.Message);
            Assert.Contains("missing [2.weight, 2.bias], unexpected [3.weight, 3.bias]", e.Message);
            Assert.Equal(before, TrainingData.Flat(other));
        }
    }

    [Fact]
    public void Resume_OtherSettings_ThrowsNamingEachDifferenceAndLeavesModelUntouched()
    {
        string path = WriteCheckpoint();
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            float[] before = TrainingData.Flat(model);
            var options = Options();
            options.BatchSize = 32;
            options.Optimizer = Optimizers.Adam(0.02);
            options.GradientClipNorm = 1.0;
            var e = Assert.Throws<CheckpointException>(() => new Trainer(options).Fit(model, data, resumeFrom: path));
            Assert.Contains("was written by a run with other settings (batch size: 16 in the checkpoint, 32 now; " +
                "optimizer: Adam(lr=0.01) in the checkpoint, Adam(lr=0.02) now; gradient clip norm: none in the checkpoint, 1 now)", e.Message);
            Assert.Contains("Checkpoint.LoadWeights", e.Message);
            Assert.Equal(before, TrainingData.Flat(model));

            var longer = Options();
            longer.Epochs = 2;   // more epochs is how a run is extended: allowed
            var history = new Trainer(longer).Fit(model, data, resumeFrom: path);
            Assert.Equal([1, 2], history.Epochs.Select(r => r.Epoch));
        }
    }

    [Fact]
    public void LoadWeights_ShapeMismatch_ThrowsNamingParameter()
    {
        string path = WriteCheckpoint();
        random.manual_seed(3);
        using var wider = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 1));
        float[] before = TrainingData.Flat(wider);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadWeights(path, wider));
        Assert.Contains("'0.weight' is Float32 [16, 4] in the checkpoint, Float32 [8, 4] in the model", e.Message);
        Assert.Equal(before, TrainingData.Flat(wider));
    }

    [Fact]
    public void Resume_DescribedModelWithOtherDescription_Throws()
    {
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        {
            using (var a = new DescribedMlp("A"))
            {
                var options = Options(new ModelCheckpoint(Path.Combine(_dir, "d.ckpt")));
                options.Epochs = 1;
                new Trainer(options).Fit(a, data);
            }
            Assert.Equal("A", Checkpoint.Inspect(Path.Combine(_dir, "d.ckpt")).ModelDescription);
            using var b = new DescribedMlp("B");
            var e = Assert.Throws<CheckpointException>(() => new Trainer(Options()).Fit(b, data, resumeFrom: Path.Combine(_dir, "d.ckpt")));
            Assert.Contains("different model architecture", e.Message);
        }
    }

    [Fact]
    public void SaveCheckpoint_FailingCallbackState_LeavesExistingFileIntact()
    {
        string path = WriteCheckpoint();
        byte[] before = File.ReadAllBytes(path);
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = Options(new ModelCheckpoint(path), new FailingState());
            options.Epochs = 1;
            Assert.Throws<IOException>(() => new Trainer(options).Fit(model, data));
        }
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir), f => !f.EndsWith(".dltorch.lock", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    private sealed class FailingState : Callback
    {
        public override void SaveState(BinaryWriter writer) => throw new IOException("disk full (simulated)");
    }

    private sealed class DescribedMlp : nn.Module<Tensor, Tensor>, IDescribedModule, IRegularizedModule
    {
        private readonly string _description;
        private readonly TorchSharp.Modules.Linear _linear = nn.Linear(4, 1);

        public DescribedMlp(string description) : base("described")
        {
            _description = description;
            RegisterComponents();
        }

        public string DescribeAsJson() => _description;

        public Tensor? RegularizationLoss() => 0.01f * _linear.weight!.square().sum();

        public override Tensor forward(Tensor input) => _linear.forward(input);
    }
}
