using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using Xunit;

namespace DeepLearning.Torch.Tests.Training;

public sealed class OutputFolderLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-lock").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Fit_EndsNormally_LeavesNoLockFiles()
    {
        string checkpoint = Path.Combine(_dir, "last.ckpt");
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            for (int run = 0; run < 2; run++)
            {
                var options = new TrainerOptions
                {
                    Epochs = 1, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
                    Callbacks = { new ModelCheckpoint(checkpoint) },
                };
                new Trainer(options).Fit(model, data);
                Assert.Equal(["last.ckpt"], Directory.GetFiles(_dir).Select(Path.GetFileName));
            }
        }
    }

    [Fact]
    public void Acquire_WhileHeld_RefusesAndAfterReleaseSucceeds()
    {
        var first = OutputFolderLock.AcquireAll([_dir]);
        Assert.Throws<OutputFolderInUseException>(() => OutputFolderLock.AcquireAll([_dir]));
        foreach (var l in first) l.Dispose();
        Assert.False(File.Exists(Path.Combine(_dir, OutputFolderLock.LockFileName)));
        var second = OutputFolderLock.AcquireAll([_dir]);
        Assert.True(File.Exists(Path.Combine(_dir, OutputFolderLock.LockFileName)));
        foreach (var l in second) l.Dispose();
    }
}
