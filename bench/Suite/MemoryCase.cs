using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using TorchSharp;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Memory over --epochs (default 20) Trainer epochs of the CIFAR-10 CNN on --images images: prints
/// "EPOCH e rss_kb live_tensors" after every epoch, and "FLAT yes|no" (live tensors equal from epoch 2 on and
/// resident memory growing by at most 16 MiB from epoch 2 to the last). The result is the median epoch time.
/// </summary>
internal static class MemoryCase
{
    private const long ToleranceKb = 16 * 1024;

    internal static double Run(Options options)
    {
        var (x, y) = BenchData.Load("cnn", options);
        using var model = TrainCase.OurModel("cnn").Build(seed: 1);
        using var data = new TensorDataset(x, y);
        var probe = new Probe();
        var trainer = new Trainer(new TrainerOptions
        {
            Verbose = Verbosity.Silent,   // measured against a peer that prints nothing
            Epochs = options.Int("epochs", 20), BatchSize = options.Int("batch", 128), Seed = 1, Device = DeviceSelection.Cpu,
            Optimizer = Optimizers.Adam(1e-3), Loss = Losses.CategoricalCrossEntropy(fromLogits: false), Callbacks = { probe },
        });
        var history = trainer.Fit(model, data);
        for (int e = 0; e < probe.Rss.Count; e++) Console.WriteLine($"EPOCH {e + 1} {probe.Rss[e]} {probe.Live[e]}");
        var fromSecond = Enumerable.Range(1, probe.Rss.Count - 1).ToList();
        bool flat = fromSecond.All(e => probe.Live[e] == probe.Live[1]) && probe.Rss[^1] - probe.Rss[Math.Min(1, probe.Rss.Count - 1)] <= ToleranceKb;
        Console.WriteLine($"FLAT {(flat ? "yes" : "no")} (live tensors epoch 2: {probe.Live[Math.Min(1, probe.Live.Count - 1)]}, last: {probe.Live[^1]}; " +
                          $"RSS epoch 2: {probe.Rss[Math.Min(1, probe.Rss.Count - 1)] / 1024} MiB, last: {probe.Rss[^1] / 1024} MiB)");
        return Options.Median(history.Epochs.Select(r => r.Seconds).ToList());
    }

    private sealed class Probe : Callback
    {
        internal List<long> Rss { get; } = [];
        internal List<long> Live { get; } = [];

        public override void OnEpochEnd(TrainingContext context)
        {
            Rss.Add(DeepLearning.Torch.Bench.Suite.Rss.CurrentKb());
            Live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }
}
