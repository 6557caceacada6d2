using System.Diagnostics;
using System.Globalization;
using DeepLearning.Torch.Bench.Training;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

// Trainer vs a hand-written TorchSharp loop, same model, data, batch size, optimizer; alternating runs, medians.
// Wall time is what users see; process CPU time is less disturbed by other processes on a shared machine.
// Usage: dotnet run -c Release --project bench/Training -- [--data DIR] [--images N] [--rounds R] [--epochs E] [--threads T] [--models fc,cnn]
var options = ParseArgs(args);
string dataDir = options.GetValueOrDefault("data", "/work/shared/data/cifar-10-batches-bin");
int images = int.Parse(options.GetValueOrDefault("images", "10000"), CultureInfo.InvariantCulture);
int rounds = int.Parse(options.GetValueOrDefault("rounds", "5"), CultureInfo.InvariantCulture);
int epochs = int.Parse(options.GetValueOrDefault("epochs", "1"), CultureInfo.InvariantCulture);
int threads = int.Parse(options.GetValueOrDefault("threads", "1"), CultureInfo.InvariantCulture);
const int batchSize = 128;
torch.set_num_threads(threads);

var (x, y) = Cifar.Load(dataDir, images);
Console.WriteLine($"CIFAR-10: {x.shape[0]} images, batch {batchSize}, {epochs} epoch(s) per run, {rounds} rounds, {threads} thread(s), TorchSharp {torch.__version__}");
using var data = new TensorDataset(x, y);
foreach (string name in options.GetValueOrDefault("models", "fc,cnn").Split(','))
{
    var hand = new List<(double Wall, double Cpu)>();
    var trainer = new List<(double Wall, double Cpu)>();
    for (int round = 0; round < rounds + 1; round++)
    {
        // Alternate which runs first; round 0 is a warm-up and is discarded.
        bool handFirst = round % 2 == 0;
        (double Wall, double Cpu) a = default, b = default;
        for (int k = 0; k < 2; k++)
        {
            if ((k == 0) == handFirst) a = RunHand(name, round);
            else b = RunTrainer(name, round);
        }
        if (round == 0) continue;
        hand.Add(a);
        trainer.Add(b);
        Console.WriteLine($"  {name} round {round}: hand {a.Wall:F3} s/epoch (cpu {a.Cpu:F3}), Trainer {b.Wall:F3} s/epoch (cpu {b.Cpu:F3}), " +
                          $"wall ratio {b.Wall / a.Wall:F3}, cpu ratio {b.Cpu / a.Cpu:F3}");
    }
    var wallRatios = hand.Zip(trainer, (h, t) => t.Wall / h.Wall).ToList();
    var cpuRatios = hand.Zip(trainer, (h, t) => t.Cpu / h.Cpu).ToList();
    Console.WriteLine($"{name}: median hand {Median(hand.Select(h => h.Wall).ToList()):F3} s/epoch, median Trainer {Median(trainer.Select(t => t.Wall).ToList()):F3} s/epoch, " +
                      $"median wall ratio {Median(wallRatios):F3}, median cpu-time ratio {Median(cpuRatios):F3} (target <= 1.05)");
}

(double Wall, double Cpu) RunHand(string name, int round)
{
    using var model = BenchModels.Create(name, 100 + round);
    return HandLoop.EpochSeconds(model, x, y, batchSize, epochs, 100 + round);
}

(double Wall, double Cpu) RunTrainer(string name, int round)
{
    using var model = BenchModels.Create(name, 100 + round);
    var fit = new Trainer(new TrainerOptions
    {
        Epochs = epochs, BatchSize = batchSize, Seed = 100 + round, Device = DeviceSelection.Cpu,
        Loss = Losses.CategoricalCrossEntropy(), Optimizer = Optimizers.Adam(1e-3),
    });
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    fit.Fit(model, data);
    double wall = clock.Elapsed.TotalSeconds / epochs;
    return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / epochs);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>();
    for (int i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"Expected --name value pairs; got '{args[i]}'.");
        result[args[i][2..]] = args[i + 1];
    }
    return result;
}
