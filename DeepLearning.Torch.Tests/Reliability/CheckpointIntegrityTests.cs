using DeepLearning.Torch.Data;
using DeepLearning.Torch.Tests.Training;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>Truncated, bit-flipped and wrong-model checkpoints are rejected naming file and problem, and never load partially.</summary>
public sealed class CheckpointIntegrityTests : IDisposable
{
    private const int HeaderLength = 52;
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-integrity").FullName;
    private readonly string _good;
    private readonly byte[] _bytes;

    public CheckpointIntegrityTests()
    {
        _good = Path.Combine(_dir, "good.ckpt");
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp(seed: 1))
        {
            new Trainer(Options(new ModelCheckpoint(_good))).Fit(model, data);
        }
        _bytes = File.ReadAllBytes(_good);
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private static TrainerOptions Options(params Callback[] callbacks)
    {
        var options = new TrainerOptions
        {
            Epochs = 2, BatchSize = 16, Seed = 8, Device = DeviceSelection.Cpu,
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
        };
        foreach (var c in callbacks) options.Callbacks.Add(c);
        return options;
    }

    /// <summary>Loads <paramref name="path"/> into a fresh model twice (weights only, and as a resume) and returns the rejection.</summary>
    private static CheckpointException Rejected(string path, Func<nn.Module<Tensor, Tensor>>? create = null)
    {
        create ??= () => TrainingData.Mlp(seed: 5);
        using var model = create();
        float[] before = TrainingData.Flat(model);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadWeights(path, model));
        Assert.Equal(before, TrainingData.Flat(model));
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        {
            var resume = Assert.Throws<CheckpointException>(() => new Trainer(Options()).Fit(model, data, resumeFrom: path));
            Assert.Equal(e.Message, resume.Message);
        }
        Assert.Equal(before, TrainingData.Flat(model));
        Assert.Equal(path, e.Path);
        Assert.StartsWith($"Checkpoint '{path}': ", e.Message);
        return e;
    }

    [Fact]
    public void Load_TruncatedAtRandomOffsets_RejectedNamingFileAndProblem_ModelUnchanged()
    {
        var random = new Random(Soak.Seed(101));
        int cases = Soak.Cases(12);
        var offsets = new[] { 0, 7, 8, HeaderLength - 1, HeaderLength, _bytes.Length - 1 }
            .Concat(Enumerable.Range(0, cases).Select(_ => random.Next(0, _bytes.Length)));
        int tried = 0;
        foreach (int offset in offsets)
        {
            string path = Path.Combine(_dir, $"truncated-{offset}.ckpt");
            File.WriteAllBytes(path, _bytes[..offset]);
            string problem = Rejected(path).Problem;
            string expected = offset < 8 ? "is not a DeepLearning.Torch checkpoint (wrong magic bytes)."
                : offset < HeaderLength ? $"is truncated: {offset} bytes, shorter than the {HeaderLength}-byte header."
                : $"is truncated or padded: header announces {_bytes.Length - HeaderLength} payload bytes, file holds {offset - HeaderLength}.";
            Assert.Equal(expected, problem);
            tried++;
        }
        Soak.Report("corrupted_checkpoints", tried);
    }

    [Fact]
    public void Load_BitFlippedAtRandomPositions_RejectedNamingFileAndProblem_ModelUnchanged()
    {
        var random = new Random(Soak.Seed(202));
        int cases = Soak.Cases(16);
        var positions = new[] { 0, 8, 12, 20, HeaderLength, _bytes.Length - 1 }
            .Concat(Enumerable.Range(0, cases).Select(_ => random.Next(0, _bytes.Length)));
        int tried = 0;
        foreach (int position in positions)
        {
            byte[] flipped = (byte[])_bytes.Clone();
            int bit = random.Next(0, 8);
            flipped[position] ^= (byte)(1 << bit);
            string path = Path.Combine(_dir, $"flipped-{position}-{bit}.ckpt");
            File.WriteAllBytes(path, flipped);
            string problem = Rejected(path).Problem;
            string expected = position < 8 ? "wrong magic bytes"
                : position < 12 ? "has format version"
                : position < 20 ? "is truncated or padded: header announces"
                : "is corrupt: the SHA-256 checksum of the payload does not match.";
            Assert.Contains(expected, problem);
            tried++;
        }
        Soak.Report("corrupted_checkpoints", tried);
    }

    [Fact]
    public void Load_WrongModel_RejectedNamingMissingAndUnexpectedTensors_ModelUnchanged()
    {
        var problem = Rejected(_good, () => nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 8), nn.Linear(8, 1))).Problem;
        Assert.Equal("does not match the model (Sequential; checkpoint from TorchSharp.Modules.Sequential): missing [2.weight, 2.bias], unexpected [].", problem);
    }

    [Fact]
    public void Load_WrongShapes_RejectedNamingTensorAndBothShapes_ModelUnchanged()
    {
        var problem = Rejected(_good, () => nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 3))).Problem;
        Assert.Equal("does not match the model: '3.weight' is Float32 [1, 16] in the checkpoint, Float32 [3, 16] in the model.", problem);
    }

    [Fact]
    public void Load_MissingFile_RejectedNamingFile()
    {
        string path = Path.Combine(_dir, "absent.ckpt");
        Assert.StartsWith("cannot be read: Could not find file", Rejected(path).Problem);
    }
}
