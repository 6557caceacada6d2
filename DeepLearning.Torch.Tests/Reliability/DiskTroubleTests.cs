using DeepLearning.Torch.Data;
using DeepLearning.Torch.Tests.Training;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using Xunit;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>
/// Checkpoint and history writes that fail (path is a directory, parent is a file, missing folder, file too large) raise an
/// <see cref="IOException"/> naming the path, leave the previous checkpoint intact and the history uncorrupted.
/// </summary>
[Collection(TrainingHostCollection.Name)]
public sealed class DiskTroubleTests(HostReference reference) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-disk").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Runs <paramref name="action"/> at the beginning of epoch <paramref name="epoch"/>.</summary>
    private sealed class At(int epoch, Action action) : Callback
    {
        public override void OnEpochBegin(TrainingContext context)
        {
            if (context.Epoch == epoch) action();
        }
    }

    private static IOException FitFails(params Callback[] callbacks)
    {
        var options = new TrainerOptions
        {
            Epochs = 4, BatchSize = 16, Seed = 2, Device = DeviceSelection.Cpu, ValidationSplit = 0.25,
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
        };
        foreach (var c in callbacks) options.Callbacks.Add(c);
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp(seed: 3))
            return Assert.Throws<IOException>(() => new Trainer(options).Fit(model, data));
    }

    private string[] CsvRows(string name) => HostReference.CsvWithoutSeconds(Path.Combine(_dir, name));

    [Fact]
    public void Fit_CheckpointPathBecomesDirectory_ThrowsNamingPath_EarlierCheckpointsAndHistoryIntact()
    {
        string third = Path.Combine(_dir, "ep3.ckpt");
        var e = FitFails(new ModelCheckpoint(Path.Combine(_dir, "ep{epoch}.ckpt")), new CsvLogger(Path.Combine(_dir, "h.csv")),
            new At(3, () => Directory.CreateDirectory(third)));
        Assert.Equal($"Cannot write checkpoint '{third}': the path is an existing directory. The previous file at that path, if any, is unchanged.", e.Message);
        Assert.Equal(1, Checkpoint.Inspect(Path.Combine(_dir, "ep1.ckpt")).Epoch);
        Assert.Equal(2, Checkpoint.Inspect(Path.Combine(_dir, "ep2.ckpt")).Epoch);
        Assert.Equal(3, CsvRows("h.csv").Length);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Fit_CheckpointParentIsFile_ThrowsNamingPath()
    {
        File.WriteAllText(Path.Combine(_dir, "notadir"), "x");
        string path = Path.Combine(_dir, "notadir", "last.ckpt");
        var e = FitFails(new ModelCheckpoint(path));
        Assert.StartsWith($"Cannot lock output folder '{Path.Combine(_dir, "notadir")}': ", e.Message);
    }

    [Fact]
    public void Fit_CsvTemporaryCannotBeCreated_ThrowsNamingPath_PreviousCsvAndCheckpointIntact()
    {
        string csv = Path.Combine(_dir, "h.csv");
        string last = Path.Combine(_dir, "last.ckpt");
        string[]? before = null;
        var e = FitFails(new ModelCheckpoint(last), new CsvLogger(csv), new At(3, () =>
        {
            before = File.ReadAllLines(csv);
            // The logger's temporary file name is taken by a directory: its write fails like a full disk would.
            Directory.CreateDirectory(Path.Combine(_dir, $".h.csv.{Environment.ProcessId}.tmp"));
        }));
        Assert.StartsWith($"Cannot write the history CSV '{csv}': ", e.Message);
        Assert.EndsWith("The previous file, if any, is unchanged.", e.Message);
        Assert.Equal(before, File.ReadAllLines(csv));
        Assert.Equal(3, before!.Length);
        Assert.Equal(3, Checkpoint.Inspect(last).Epoch);
    }

    [Fact]
    public void SaveJson_MissingFolder_CreatesItAsCheckpointsDo()
    {
        var history = new History(1, "cpu", "test", new Dictionary<string, string>());
        string path = Path.Combine(_dir, "missing", "deeper", "history.json");
        history.SaveJson(path);
        Assert.Equal(1, History.FromJson(File.ReadAllText(path)).Seed);
    }

    [Fact]
    public void Host_DiskFullDuringCheckpointWrite_FailsNamingPath_PreviousCheckpointIntact_ResumeBitwiseEqual()
    {
        using (var first = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--delay-ms", "10"]))
        {
            Assert.True(first.WaitFor(l => l == "epoch-end 2", TimeSpan.FromSeconds(60)));
            first.Kill();
        }
        string last = Path.Combine(_dir, "last.ckpt");
        int saved = Checkpoint.Inspect(last).Epoch;
        byte[] before = File.ReadAllBytes(last);
        string[] csvBefore = CsvRows("history.csv");

        // 8 KiB file-size limit: the next checkpoint (about 15 KB) cannot be written, as on a full disk.
        using (var full = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--resume", last], fileSizeLimitKiB: 8))
        {
            Assert.Equal(3, full.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Contains($"System.IO.IOException: Cannot write checkpoint '{last}': the file would exceed the size the file system " +
                "or a size limit (ulimit -f) allows. The previous file at that path, if any, is unchanged.", full.StandardError);
        }
        Assert.Equal(before, File.ReadAllBytes(last));
        Assert.Equal(csvBefore, CsvRows("history.csv"));
        Assert.Equal(reference.CsvRows.Take(saved + 1), csvBefore);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));

        using var resumed = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--resume", last]);
        Assert.Equal(0, resumed.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(reference.Values, File.ReadAllText(Path.Combine(_dir, "values.txt")));
        Assert.Equal(reference.Weights, File.ReadAllBytes(Path.Combine(_dir, "weights.bin")));
    }
}
