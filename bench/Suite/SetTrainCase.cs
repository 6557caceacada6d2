using System.Globalization;
using DeepLearning.Examples.TopTagging;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Epoch time of the top-tagging set models (--model pfn|particlenet|transformer, built by
/// <see cref="TopTaggingModels.Build"/> as examples/TopTagging trains them) with the library's Trainer: Adam(1e-3),
/// binary cross-entropy on the logit, --batch (default 128), --epochs (default 3; the first is a warm-up, the result is
/// the median of the others), on the toy jets that bench/peers/make_inputs.py jets wrote to --prefix P (features,
/// mask and, for the transformer, four-vectors of 40 constituents). Prints "PARAMETERS n" and, after every epoch,
/// "EPOCH_RSS e rss_kb live_tensors" (resident memory and live tensors, to see that memory stays flat). With the
/// environment variable BENCH_GC=1 it runs a full .NET garbage collection (with finalizers) before each reading, to
/// tell native memory held by undisposed objects awaiting finalization from memory that stays referenced. BENCH_STATS=1
/// also prints the dispose-scope statistics and .NET heap and collection counts after every epoch ("STATS ...") and, with
/// BENCH_GC=1, how many objects that collection finalized ("FINALIZED n"), and the objects finalized since training
/// began with their most frequent types ("FINALIZED IN RUN n: Type count, ...").
/// </summary>
internal static class SetTrainCase
{
    internal static double Run(Options options)
    {
        string name = options.Text("model");
        if (!TopTaggingModels.IsSetModel(name)) throw new ArgumentException($"--model must be pfn, particlenet or transformer, got '{name}'.");
        string prefix = options.Text("prefix");
        int batch = options.Int("batch", 128), epochs = options.Int("epochs", 3);
        int p = TopTaggingModels.SetConstituents, f = TopTaggingModels.DnnFeatures.Count;
        var labels = tensor(EvalCases.Read<float>(prefix + ".labels.f32"));
        long n = labels.shape[0];
        var inputs = new List<Tensor>
        {
            tensor(EvalCases.Read<float>(prefix + ".particles.f32"), [n, p, f]),
            tensor(EvalCases.Read<float>(prefix + ".mask.f32"), [n, p]),
        };
        if (name == "transformer") inputs.Add(tensor(EvalCases.Read<float>(prefix + ".vectors.f32"), [n, p, 4]));
        using var model = TopTaggingModels.Build(name, constituents: 200, seed: 1);
        Console.WriteLine($"PARAMETERS {model.TrainableParameterCount}");
        using var data = new TensorDataset(inputs, labels.unsqueeze(1));
        var probe = new Probe();
        var trainer = new Trainer(new TrainerOptions
        {
            Verbose = Verbosity.Silent,   // timed against a peer that prints nothing
            Epochs = epochs, BatchSize = batch, Seed = 1, Device = DeviceSelection.Cpu, Optimizer = Optimizers.Adam(1e-3),
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Callbacks = { probe },
        });
        var seconds = trainer.Fit(model, data).Epochs.Select(e => e.Seconds).ToList();
        for (int e = 0; e < probe.Rss.Count; e++) Console.WriteLine($"EPOCH_RSS {e + 1} {probe.Rss[e]} {probe.Live[e]}");
        Console.WriteLine($"epoch seconds: {string.Join(" ", seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))}");
        return Options.Median(seconds.Count > 1 ? seconds.Skip(1).ToList() : seconds);
    }

    private sealed class Probe : Callback
    {
        // BENCH_STATS=1: the types finalized during the whole run, printed after each epoch.
        private readonly FinalizeListener? _run = Environment.GetEnvironmentVariable("BENCH_STATS") == "1" ? new FinalizeListener() : null;

        internal List<long> Rss { get; } = [];
        internal List<long> Live { get; } = [];

        public override void OnEpochEnd(TrainingContext context)
        {
            if (Environment.GetEnvironmentVariable("BENCH_GC") == "1")
            {
                using var listener = new FinalizeListener();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Thread.Sleep(200);
                if (Environment.GetEnvironmentVariable("BENCH_STATS") == "1")
                    Console.WriteLine($"FINALIZED {listener.Count}");
            }
            Rss.Add(DeepLearning.Torch.Bench.Suite.Rss.CurrentKb());
            Live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            if (_run is not null) Console.WriteLine($"FINALIZED IN RUN {_run.Count}: {string.Join(", ", _run.TopTypes(6))}");
            if (Environment.GetEnvironmentVariable("BENCH_STATS") == "1") Console.WriteLine($"STATS {DisposeScopeManager.Statistics}; managed {GC.GetTotalMemory(false) >> 20} MiB committed {GC.GetGCMemoryInfo().TotalCommittedBytes >> 20} MiB gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} server {System.Runtime.GCSettings.IsServerGC}");
        }
    }
}
