using DeepLearning.Torch.Data;
using DeepLearning.Torch.Tests.Training;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using Xunit;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>Two trainings writing to one folder: the second is refused with a message naming the folder and the holder.</summary>
[Collection(TrainingHostCollection.Name)]
public sealed class ConcurrencyTests(HostReference reference) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-lock").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void TwoHosts_SameFolder_SecondRefusedNamingFolderAndPid_FirstUnharmed()
    {
        // 40 ms per batch: the first run lasts about 5 s, long enough for the second to start and meet the lock.
        using var first = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--delay-ms", "40"]);
        Assert.True(first.WaitFor(l => l == "batch 1 0", TimeSpan.FromSeconds(60)));
        using (var second = TrainingHostProcess.Start(_dir, ["--epochs", "6"]))
        {
            Assert.Equal(3, second.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Contains($"DeepLearning.Torch.Training.OutputFolderInUseException: Output folder '{_dir}' is in use by another training (pid {first.Id} on ",
                second.StandardError);
            Assert.DoesNotContain(second.Seen, l => l.StartsWith("batch", StringComparison.Ordinal));
        }
        Assert.Equal(0, first.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(reference.Values, File.ReadAllText(Path.Combine(_dir, "values.txt")));
        Assert.Equal(reference.Weights, File.ReadAllBytes(Path.Combine(_dir, "weights.bin")));
        Assert.Equal(reference.CsvRows, HostReference.CsvWithoutSeconds(Path.Combine(_dir, "history.csv")));

        // Released at the end: a new run may use the folder.
        using var third = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--resume", Path.Combine(_dir, "last.ckpt")]);
        Assert.Equal(0, third.WaitForExit(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Fit_FolderLockedInThisProcess_ThrowsBeforeTraining()
    {
        using var held = OutputFolderLock.AcquireAll([_dir]).Single();
        var options = new TrainerOptions
        {
            Epochs = 1, BatchSize = 16, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
            Callbacks = { new ModelCheckpoint(Path.Combine(_dir, "sub", "..", "e{epoch}.ckpt")), new CsvLogger(Path.Combine(_dir, "h.csv")) },
        };
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            float[] before = TrainingData.Flat(model);
            var e = Assert.Throws<OutputFolderInUseException>(() => new Trainer(options).Fit(model, data));
            Assert.Equal(_dir, e.Folder);
            Assert.StartsWith($"pid {Environment.ProcessId} on ", e.Holder);
            Assert.Equal(before, TrainingData.Flat(model));
        }
        Assert.False(File.Exists(Path.Combine(_dir, "e1.ckpt")));
    }

    [Fact]
    public void AcquireAll_AfterRelease_Succeeds_AndRemovesStaleTemporaries()
    {
        File.WriteAllText(Path.Combine(_dir, ".last.ckpt.0123456789abcdef0123456789abcdef.tmp"), "half");
        File.WriteAllText(Path.Combine(_dir, ".h.csv.4242.tmp"), "half");
        File.WriteAllText(Path.Combine(_dir, ".user.tmp"), "not ours");
        foreach (var l in OutputFolderLock.AcquireAll([_dir, _dir + "/."])) l.Dispose();
        using var again = OutputFolderLock.AcquireAll([_dir]).Single();
        Assert.Equal([".user.tmp"], Directory.GetFiles(_dir, "*.tmp").Select(Path.GetFileName));
    }
}
