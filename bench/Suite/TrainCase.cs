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
/// idiomatic TorchSharp loop: randperm + index_select, one dispose scope per batch). Runs --epochs epochs (default 3);
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
            "trainer" => Trainer(model, x, y, batch, epochs, new TrainingStep(), cpu),
            "custom" => Trainer(model, x, y, batch, epochs, new BuiltInCopyStep(), cpu),
            "hand" => Hand(model, x, y, batch, epochs, cpu),
            var other => throw new ArgumentException($"Unknown --impl '{other}'; use trainer, custom or hand."),
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

    private static List<double> Trainer(string name, Tensor x, Tensor y, int batch, int epochs, TrainingStep step, List<double> cpu)
    {
        using var model = OurModel(name).Build(seed: 1);
        using var data = new TensorDataset(x, y);
        var trainer = new Trainer(new TrainerOptions
        {
            Verbose = Verbosity.Silent,   // timed against a peer that prints nothing
            Epochs = epochs, BatchSize = batch, Seed = 1, Device = DeviceSelection.Cpu, Optimizer = Optimizers.Adam(1e-3),
            Loss = name == "dense" ? Losses.BinaryCrossEntropy(fromLogits: true) : Losses.CategoricalCrossEntropy(fromLogits: false),
            Step = step,
            Callbacks = { new EpochCpuTime(cpu) },
        });
        return trainer.Fit(model, data).Epochs.Select(e => e.Seconds).ToList();
    }

    private static List<double> Hand(string name, Tensor x, Tensor y, int batch, int epochs, List<double> cpu)
    {
        using var model = HandModels.Create(name, 1);
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        using var generator = new Generator(1);
        model.train();
        long n = x.shape[0];
        var seconds = new List<double>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            using var order = randperm(n, generator: generator);
            double lossSum = 0;
            for (long start = 0; start < n; start += batch)
            {
                using var scope = NewDisposeScope();
                var rows = order.narrow(0, start, Math.Min(batch, n - start));
                optimizer.zero_grad();
                var loss = HandModels.Loss(name, model.forward(x.index_select(0, rows)), y.index_select(0, rows));
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * rows.shape[0];
            }
            seconds.Add(clock.Elapsed.TotalSeconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds);
            GC.KeepAlive(lossSum);
        }
        return seconds;
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
