using DeepLearning.Torch.Training.Checkpoints;
using Xunit;
using Xunit.Abstractions;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>
/// SIGKILLs the training host at random moments (in a batch, in validation, inside a checkpoint write, anywhere), then
/// resumes from the last checkpoint and demands the uninterrupted run's final weights and history, bitwise.
/// </summary>
[Collection(TrainingHostCollection.Name)]
public sealed class KilledTrainingTests(HostReference reference, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dlt-rel-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void KillDuringBatch_ResumeFromLastCheckpoint_BitwiseEqualToUninterruptedRun(int seed)
    {
        var random = new Random(seed);
        int epoch = random.Next(1, HostReference.Epochs + 1), batch = random.Next(0, 18);
        using var host = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--delay-ms", "15"]);
        Assert.True(host.WaitFor(l => l == $"batch {epoch} {batch}", Patience), $"never reached epoch {epoch} batch {batch}");
        Thread.Sleep(random.Next(0, 15));
        KillCheckAndResume(host, $"batch {epoch}/{batch}");
    }

    [Theory]
    [InlineData(21)]
    public void KillDuringValidation_ResumeFromLastCheckpoint_BitwiseEqualToUninterruptedRun(int seed)
    {
        var random = new Random(seed);
        int epoch = random.Next(1, HostReference.Epochs + 1), step = random.Next(1, 7);
        using var host = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--val-delay-ms", "40"]);
        Assert.True(host.WaitFor(l => l == $"batch {epoch} 17", Patience), $"never reached the end of epoch {epoch}");
        for (int i = 0; i < step; i++) Assert.True(host.WaitFor(l => l == "val", Patience), "no validation marker");
        KillCheckAndResume(host, $"validation of epoch {epoch}, batch {step}");
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void KillDuringCheckpointWrite_TargetNeverHalfWritten_ResumeBitwiseEqual(int seed)
    {
        var random = new Random(seed);
        int epoch = random.Next(2, HostReference.Epochs - 1);
        // 64 MiB of ballast make each write of last.ckpt last tens of milliseconds; the host is stopped the moment the
        // temporary file appears. A write that finished before the stop took effect is let go, and the next epoch's is tried.
        using var host = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--ballast-mb", "64"]);
        Assert.True(host.WaitFor(l => l == $"batch {epoch} 0", Patience), $"never reached epoch {epoch}");
        string last = Path.Combine(_dir, "last.ckpt");
        var tried = new HashSet<string>();
        string? temporary = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (temporary is null && clock.Elapsed < Patience && !host.HasExited)
        {
            string? seen = Directory.EnumerateFiles(_dir, ".last.ckpt.*.tmp").FirstOrDefault(f => !tried.Contains(f));
            if (seen is null)
            {
                Thread.Sleep(1);
                continue;
            }
            host.Stop();
            tried.Add(seen);
            if (File.Exists(seen) && new FileInfo(seen).Length < new FileInfo(last).Length) temporary = seen;
            else host.Continue();
        }
        output.WriteLine($"writes watched: {tried.Count}, caught in the middle: {temporary is not null}");
        Assert.NotNull(temporary);
        host.Kill();
        Assert.True(File.Exists(temporary), "the write was not interrupted: the temporary file is gone");
        Assert.True(new FileInfo(temporary).Length < new FileInfo(last).Length, "the temporary file is complete");
        // The interrupted write is of epoch {epoch} or a later one (a write that finished first was let go), so the whole
        // checkpoint left is of epoch - 1 or later, never half-written.
        Assert.InRange(Checkpoint.Inspect(last).Epoch, epoch - 1, HostReference.Epochs - 1);
        CheckAndResume(host, $"checkpoint write after epoch {epoch} or later");
    }

    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    [InlineData(43)]
    public void KillAtRandomTime_ResumeFromLastCheckpoint_BitwiseEqualToUninterruptedRun(int seed)
    {
        var random = new Random(seed);
        using var host = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--delay-ms", "5", "--val-delay-ms", "5"]);
        Assert.True(host.WaitFor(l => l == "start", Patience), "the host did not start");
        Thread.Sleep(random.Next(0, 1500));
        KillCheckAndResume(host, "a random moment");
    }

    [Fact]
    public void Resume_FormatVersion1Checkpoint_BitwiseEqualToUninterruptedRun()
    {
        // The host's last.ckpt after epoch 2, written before format version 2 existed.
        Directory.CreateDirectory(_dir);
        string old = Path.Combine(_dir, "format1.ckpt");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training", "host_epoch2_format1.ckpt"), old);
        using var resumed = TrainingHostProcess.Start(_dir, ["--epochs", "6", "--resume", old]);
        Assert.True(resumed.WaitForExit(Patience) == 0, "resumed run failed: " + resumed.StandardError);
        string values = File.ReadAllText(Path.Combine(_dir, "values.txt"));
        byte[] weights = File.ReadAllBytes(Path.Combine(_dir, "weights.bin"));
        // The fixture's two epochs were computed on the CPU that wrote it. Where this machine's float32 arithmetic gives
        // the same epochs bitwise, the resumed run must equal the uninterrupted one bitwise; on other arithmetic (another
        // CPU's kernels differ in the last bits) the stored epochs and the resumed ones must agree to float32 rounding,
        // which a lost part of the state (optimizer moments, RNG, schedule) would not.
        if (values.Split('\n').Take(3).SequenceEqual(reference.Values.Split('\n').Take(3)))
        {
            Assert.Equal(reference.Values, values);
            Assert.Equal(reference.Weights, weights);
        }
        else
        {
            output.WriteLine("the fixture's epochs differ from this machine's in the last bits: compared to 1e-6 relative");
            AssertSameHistory(reference.Values, values, 1e-6);
            Assert.Equal(reference.Weights.Length, weights.Length);
        }
    }

    /// <summary>Two values.txt texts with the same lines and keys, each number equal to <paramref name="relative"/>.</summary>
    private static void AssertSameHistory(string expected, string actual, double relative)
    {
        string[] want = expected.TrimEnd().Split('\n'), got = actual.TrimEnd().Split('\n');
        Assert.Equal(want.Length, got.Length);
        for (int line = 0; line < want.Length; line++)
        {
            string[] a = want[line].Split(' '), b = got[line].Split(' ');
            Assert.Equal(a.Length, b.Length);
            for (int k = 0; k < a.Length; k++)
            {
                int eq = a[k].IndexOf('=');
                if (eq < 0 || !b[k].StartsWith(a[k][..(eq + 1)], StringComparison.Ordinal)
                    || !double.TryParse(a[k][(eq + 1)..], System.Globalization.CultureInfo.InvariantCulture, out double x))
                {
                    Assert.Equal(a[k], b[k]);
                    continue;
                }
                double y = double.Parse(b[k][(eq + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(x - y) <= relative * Math.Abs(x), $"line {line + 1}: {a[k]} expected, {b[k]} found");
            }
        }
    }

    private void KillCheckAndResume(TrainingHostProcess host, string where)
    {
        host.Kill();
        CheckAndResume(host, where);
    }

    /// <summary>After the kill: every file is whole; then resume (or restart) and compare with the reference bitwise.</summary>
    private void CheckAndResume(TrainingHostProcess host, string where)
    {
        host.WaitFor(_ => false, TimeSpan.FromMilliseconds(200));
        int completed = host.LastCompletedEpoch();
        string last = Path.Combine(_dir, "last.ckpt");
        int saved = File.Exists(last) ? Checkpoint.Inspect(last).Epoch : 0;
        output.WriteLine($"killed at {where}: epoch-end markers up to {completed}, last.ckpt holds epoch {saved}");
        Assert.InRange(saved, completed, completed + 1);
        string best = Path.Combine(_dir, "best.ckpt");
        if (File.Exists(best)) Assert.InRange(Checkpoint.Inspect(best).Epoch, 1, saved);
        string csv = Path.Combine(_dir, "history.csv");
        if (File.Exists(csv))
        {
            var rows = HostReference.CsvWithoutSeconds(csv);
            Assert.InRange(rows.Length - 1, Math.Max(completed, saved - 1), saved);
            Assert.Equal(reference.CsvRows.Take(rows.Length), rows);
        }

        using var resumed = TrainingHostProcess.Start(_dir, saved > 0 ? ["--epochs", "6", "--resume", last] : ["--epochs", "6"]);
        Assert.True(resumed.WaitForExit(Patience) == 0, "resumed run failed: " + resumed.StandardError);
        Assert.Equal(reference.Values, File.ReadAllText(Path.Combine(_dir, "values.txt")));
        Assert.Equal(reference.Weights, File.ReadAllBytes(Path.Combine(_dir, "weights.bin")));
        Assert.Equal(reference.CsvRows, HostReference.CsvWithoutSeconds(csv));
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp"));
    }
}
