using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using Xunit;

namespace DeepLearning.Torch.Tests.Training;

public class ConsoleProgressTests
{
    private static TrainingProgress Report(int batch, bool end, double loss = 0.5) =>
        new(2, 3, batch, 4, end, new Dictionary<string, double> { [MetricKeys.Loss] = loss, [MetricKeys.Accuracy] = 0.8125 },
            TimeSpan.FromSeconds(1.2), end ? TimeSpan.Zero : TimeSpan.FromSeconds(65));

    /// <summary>Fits 2 epochs of 4 batches with the console's standard output captured; returns what was written.</summary>
    private static string FitCapturingConsole(Action<TrainerOptions> configure)
    {
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = new TrainerOptions
            {
                Epochs = 2, BatchSize = 16, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
                Logger = new Data.ListLogger(),
            };
            configure(options);
            return ConsoleCapture.StandardOutput(() => new Trainer(options).Fit(model, data));
        }
    }

    [Fact]
    public void Report_EpochLines_WritesOnlyTheEpochLine()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(Verbosity.EpochLines, writer);
        progress.Report(Report(1, false));
        progress.Report(Report(4, true, loss: 0.25));
        Assert.Equal("epoch 2/3  loss 0.25  accuracy 0.8125  (1.2 s)" + Environment.NewLine, writer.ToString());
    }

    [Fact]
    public void Report_ProgressBar_DrawsBarThenClearsItForTheEpochLine()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(Verbosity.ProgressBar, writer);
        progress.Report(Report(2, false));
        progress.Report(Report(4, true));
        string text = writer.ToString();
        string bar = "\repoch 2/3 [##############..............] 2/4 ETA 01:05  loss 0.5  accuracy 0.8125";
        Assert.StartsWith(bar.PadRight(101), text);
        Assert.EndsWith("\r" + new string(' ', 100) + "\repoch 2/3  loss 0.5  accuracy 0.8125  (1.2 s)" + Environment.NewLine, text);
    }

    [Fact]
    public void Constructor_AutoWithWriter_WritesEpochLines()
    {
        Assert.Equal(Verbosity.EpochLines, new ConsoleProgress(Verbosity.Auto, new StringWriter()).Verbosity);
        var silent = new StringWriter();
        new ConsoleProgress(Verbosity.Silent, silent).Report(Report(4, true));
        Assert.Equal("", silent.ToString());
    }

    [Fact]
    public void Fit_NoProgressSet_PrintsEachEpochToTheConsole()
    {
        string text = FitCapturingConsole(_ => { });
        Assert.Matches(@"epoch 1/2  loss [0-9.]+  \([0-9.]+ s\)", text);
        Assert.Matches(@"epoch 2/2  loss [0-9.]+  \([0-9.]+ s\)", text);
    }

    [Fact]
    public void Fit_VerboseSilent_PrintsNothing()
    {
        Assert.Equal("", FitCapturingConsole(o => o.Verbose = Verbosity.Silent));
    }

    [Fact]
    public void Fit_UserProgress_ReplacesTheConsoleUnlessVerboseIsSet()
    {
        var reports = new List<TrainingProgress>();
        var sink = new Sink(reports.Add);
        Assert.Equal("", FitCapturingConsole(o => o.Progress = sink));
        Assert.Equal(2, reports.Count(r => r.IsEpochEnd));
        string both = FitCapturingConsole(o => { o.Progress = sink; o.Verbose = Verbosity.EpochLines; });
        Assert.Equal(2, both.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private sealed class Sink(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
