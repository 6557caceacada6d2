using System.Diagnostics;
using System.Globalization;
using DeepLearning.Torch.Bench.Training;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

// Trainer vs a hand-written TorchSharp loop, same model, data, batch size, optimizer; alternating runs, medians.
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
    var hand = new List<double>();
    var trainer = new List<double>();
    for (int round = 0; round < rounds + 1; round++)
    {
        // Alternate which runs first; round 0 is a warm-up and is discarded.
        bool handFirst = round % 2 == 0;
        double a = 0, b = 0;
        for (int k = 0; k < 2; k++)
        {
            if ((k == 0) == handFirst) a = RunHand(name, round);
            else b = RunTrainer(name, round);
        }
        if (round == 0) continue;
        hand.Add(a);
        trainer.Add(b);
        Console.WriteLine($"  {name} round {round}: hand {a:F3} s/epoch, Trainer {b:F3} s/epoch, ratio {b / a:F3}");
    }
    var ratios = hand.Zip(trainer, (h, t) => t / h).ToList();
    Console.WriteLine($"{name}: median hand {Median(hand):F3} s/epoch, median Trainer {Median(trainer):F3} s/epoch, " +
                      $"median ratio {Median(ratios):F3} (target <= 1.05)");
}

double RunHand(string name, int round)
{
    using var model = BenchModels.Create(name, 100 + round);
    return HandLoop.EpochSeconds(model, x, y, batchSize, epochs, 100 + round);
}

double RunTrainer(string name, int round)
{
    using var model = BenchModels.Create(name, 100 + round);
    var fit = new Trainer(new TrainerOptions
    {
        Epochs = epochs, BatchSize = batchSize, Seed = 100 + round, Device = DeviceSelection.Cpu,
        Loss = Losses.CategoricalCrossEntropy(), Optimizer = Optimizers.Adam(1e-3),
    });
    var clock = Stopwatch.StartNew();
    fit.Fit(model, data);
    return clock.Elapsed.TotalSeconds / epochs;
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
