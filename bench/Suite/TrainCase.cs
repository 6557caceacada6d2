using System.Diagnostics;
using DeepLearning.Examples.Cifar10;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Epoch time, Adam(1e-3): --impl trainer (the library's Trainer on a model-builder model), custom (the same Trainer with a
/// custom <see cref="TrainingStep"/> that does what the built-in step does, to price the custom-step path) or hand (an
/// idiomatic TorchSharp loop: randperm + index_select, one dispose scope per batch) or hand-collect (the hand loop with a
/// gen-0 collection and a wait for finalizers after every batch, timed on its own and printed: the price of the
/// collection the Trainer makes after its batches). Runs --epochs epochs (default 3);
/// the first is a warm-up, the result is the median of the others. It also prints the median of the epochs' process CPU
/// time (CPU_RESULT), which time the hypervisor gives to other machines (steal) does not inflate as it does wall time.
/// </summary>
internal static class TrainCase
{
    internal static double Run(Options options)
    {
        string model = options.Text("model");
        int batch = options.Int("batch", 128), epochs = options.Int("epochs", 3);
        var (x, y) = BenchData.Load(model, options);
        long faults = Rss.MinorFaults();
        var cpu = new List<double>();
        var seconds = options.Text("impl") switch
        {
            "trainer" or "custom" => Trainer(model, x, y, batch, epochs, StepFor(options.Text("impl")), cpu),
            "hand" or "hand-collect" => Hand(model, x, y, batch, epochs, cpu, options.Text("impl") == "hand-collect"),
            var other => throw new ArgumentException($"Unknown --impl '{other}'; use trainer, custom, hand or hand-collect."),
        };
        Console.WriteLine($"minor page faults while training: {Rss.MinorFaults() - faults}");
        Console.WriteLine($"epoch seconds: {string.Join(" ", seconds.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"epoch CPU seconds: {string.Join(" ", cpu.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"CPU_RESULT {Options.Median(cpu.Count > 1 ? cpu.Skip(1).ToList() : cpu):R}"));
        return Options.Median(seconds.Count > 1 ? seconds.Skip(1).ToList() : seconds);
    }

    /// <summary>Our model for a name: the lecture models of the CIFAR-10 example, or the top-tagging DNN.</summary>
    internal static Sequential OurModel(string name) => name == "dense"
        ? new Sequential("toptag_dnn")
        {
            new Input(200, 4), new Flatten(), new Dense(256, Activation.Relu), new Dropout(0.1),
            new Dense(128, Activation.Relu), new Dense(64, Activation.Relu), new Dense(1),
        }
        : CifarModels.Create(name);

    /// <summary>
    /// Trains our model for <paramref name="epochs"/> epochs in one Fit with <paramref name="step"/>; returns the epochs'
    /// seconds. <paramref name="between"/>, when given, is one more callback: the paired case runs the hand loop from it.
    /// </summary>
    internal static List<double> Trainer(string name, Tensor x, Tensor y, int batch, int epochs, TrainingStep step, List<double> cpu,
        DeepLearning.Torch.Training.Callbacks.Callback? between = null)
    {
        using var model = OurModel(name).Build(seed: 1);
        using var data = new TensorDataset(x, y);
        var trainer = NewTrainer(name, batch, epochs, step, cpu);
        if (between is not null) trainer.Options.Callbacks.Add(between);
        return trainer.Fit(model, data).Epochs.Select(e => e.Seconds).ToList();
    }

    /// <summary>The step of Trainer side <paramref name="impl"/>: the built-in one (trainer) or a user's copy of it (custom).</summary>
    internal static TrainingStep StepFor(string impl) => impl switch
    {
        "trainer" => new TrainingStep(),
        "custom" => new BuiltInCopyStep(),
        _ => throw new ArgumentException($"Unknown Trainer side '{impl}'; use trainer or custom."),
    };

    private static Trainer NewTrainer(string name, int batch, int epochs, TrainingStep step, List<double> cpu) => new(new TrainerOptions
    {
        Verbose = Verbosity.Silent,   // timed against a peer that prints nothing
        Epochs = epochs, BatchSize = batch, Seed = 1, Device = DeviceSelection.Cpu, Optimizer = Optimizers.Adam(1e-3),
        Loss = name == "dense" ? Losses.BinaryCrossEntropy(fromLogits: true) : Losses.CategoricalCrossEntropy(fromLogits: false),
        Step = step,
        Callbacks = { new EpochCpuTime(cpu) },
    });

    /// <summary>One epoch of side <paramref name="impl"/> (trainer, custom or hand) per call, for the paired case.</summary>
    internal static Func<(double Seconds, double CpuSeconds)> EpochRunner(string impl, string name, Tensor x, Tensor y, int batch, List<IDisposable> owned)
    {
        switch (impl)
        {
            case "trainer" or "custom":
                var trainer = new TrainerLoop(name, x, y, batch, StepFor(impl));
                owned.Add(trainer);
                return trainer.Epoch;
            case "hand" or "hand-collect":
                var hand = new HandLoop(name, x, y, batch, impl == "hand-collect");
                owned.Add(hand);
                return hand.Epoch;
            default:
                throw new ArgumentException($"Unknown side '{impl}'; use trainer, custom, hand or hand-collect (the hand loop with a collection after every batch).");
        }
    }

    private static List<double> Hand(string name, Tensor x, Tensor y, int batch, int epochs, List<double> cpu, bool collect)
    {
        using var hand = new HandLoop(name, x, y, batch, collect);
        var seconds = new List<double>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var (wall, processor) = hand.Epoch();
            seconds.Add(wall);
            cpu.Add(processor);
        }
        return seconds;
    }

    /// <summary>The hand-written TorchSharp loop, one epoch per call: randperm + index_select, one dispose scope per batch.</summary>
    internal sealed class HandLoop(string name, Tensor x, Tensor y, int batch, bool collectAfterBatch = false) : IDisposable
    {
        private readonly nn.Module<Tensor, Tensor> _model = HandModels.Create(name, 1);
        private readonly Generator _generator = new(1);
        private optim.Optimizer? _optimizer;

        /// <summary>Trains one epoch; returns its wall and process CPU seconds.</summary>
        internal (double Seconds, double CpuSeconds) Epoch()
        {
            _optimizer ??= optim.Adam(_model.parameters(), 1e-3);
            _model.train();
            long n = x.shape[0];
            var clock = Stopwatch.StartNew();
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            using var order = randperm(n, generator: _generator);
            double lossSum = 0, collecting = 0, waiting = 0;
            for (long start = 0; start < n; start += batch)
            {
                using (NewDisposeScope())
                {
                    var rows = order.narrow(0, start, Math.Min(batch, n - start));
                    _optimizer.zero_grad();
                    var loss = HandModels.Loss(name, _model.forward(x.index_select(0, rows)), y.index_select(0, rows));
                    loss.backward();
                    _optimizer.step();
                    lossSum += loss.item<float>() * rows.shape[0];
                }
                if (collectAfterBatch)
                {
                    // The collection the Trainer makes after a batch (Runtime/NativeGarbage), here after every batch and
                    // timed on its own: the price of one, which the Trainer budgets to a share of the loop's time.
                    long t0 = Stopwatch.GetTimestamp();
                    GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                    long t1 = Stopwatch.GetTimestamp();
                    GC.WaitForPendingFinalizers();
                    collecting += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    waiting += Stopwatch.GetElapsedTime(t1).TotalSeconds;
                }
            }
            double seconds = clock.Elapsed.TotalSeconds;
            if (collectAfterBatch)
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"collections after each batch: {collecting:F3} s of the epoch's {seconds:F3} s ({100 * collecting / seconds:F1} %), {1e6 * collecting / ((n + batch - 1) / batch):F0} us a batch, of which {100 * waiting / collecting:F0} % waiting for finalizers"));
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
            GC.KeepAlive(lossSum);
            return (seconds, cpu);
        }

        public void Dispose()
        {
            _optimizer?.Dispose();
            _model.Dispose();
            _generator.Dispose();
        }
    }

    /// <summary>The Trainer, one epoch per <see cref="Epoch"/> call (one Fit of one epoch each; the model keeps its weights).</summary>
    internal sealed class TrainerLoop(string name, Tensor x, Tensor y, int batch, TrainingStep step) : IDisposable
    {
        private readonly Model _model = OurModel(name).Build(seed: 1);
        private readonly TensorDataset _data = new(x, y);
        private readonly List<double> _cpu = [];

        /// <summary>Trains one epoch; returns its wall and process CPU seconds as the Trainer measured them.</summary>
        internal (double Seconds, double CpuSeconds) Epoch()
        {
            var history = NewTrainer(name, batch, 1, step, _cpu).Fit(_model, _data);
            return (history.Epochs[^1].Seconds, _cpu[^1]);
        }

        public void Dispose()
        {
            _data.Dispose();
            _model.Dispose();
        }
    }

    /// <summary>Each epoch's process CPU time (every thread: libtorch's, the GC's, the finalizer's), from its begin to its end.</summary>
    private sealed class EpochCpuTime(List<double> seconds) : DeepLearning.Torch.Training.Callbacks.Callback
    {
        private TimeSpan _start;

        public override void OnEpochBegin(TrainingContext context) => _start = Process.GetCurrentProcess().TotalProcessorTime;

        public override void OnEpochEnd(TrainingContext context) => seconds.Add((Process.GetCurrentProcess().TotalProcessorTime - _start).TotalSeconds);
    }

    /// <summary>A user's step written as the documentation shows, doing what the built-in step does.</summary>
    private sealed class BuiltInCopyStep : TrainingStep
    {
        public override IReadOnlyDictionary<string, Tensor> Train(StepContext context, Batch batch)
        {
            var predictions = context.Forward(batch);
            var logs = new Dictionary<string, Tensor>();
            var loss = context.ComputeLoss(predictions, batch, logs);
            if (context.Minimize(loss)) context.UpdateMetrics(predictions, batch);
            return logs;
        }
    }
}
