using System.Globalization;
using System.Text;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Runtime;
using DeepLearning.Torch.Tests.TrainingHost;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using static TorchSharp.torch;

// Trains a 4-32-1 MLP with dropout on 384 seeded synthetic samples (25 % validation, batch 16, Adam) and writes to --out:
//   last.ckpt (every epoch), best.ckpt (best val_loss), history.csv (CsvLogger),
//   and at the end history.json, values.txt (history without wall times, round-trip formatted), weights.bin (raw state).
// Options: --out DIR (required), --epochs N (6), --resume CKPT, --delay-ms N (sleep before each batch),
//   --val-delay-ms N (sleep in each validation forward), --seed S (42), --ballast-mb N (N MiB of callback state in every
//   checkpoint, so a write lasts long enough for a test to stop the process inside it; training is unchanged).
//   Fault injection: a file-size limit (ulimit -f) makes writes fail as on a full disk.
// Markers on stdout: start, batch E B, val, epoch-end E (after the epoch's checkpoints and CSV), done.
// Exit codes: 0 done, 2 bad arguments, 3 training failed (exception type and message on stderr).
HostArguments options;
try
{
    options = HostArguments.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

try
{
    TorchRuntime.EnsureLoaded();
    torch.set_num_threads(1);
    Directory.CreateDirectory(options.Output);
    var (x, y) = SyntheticData(384, seed: 7);
    using var data = new TensorDataset(x, y);
    var mlp = new Sequential("host_mlp") { new Input(4), new Dense(32, Activation.Relu), new Dropout(0.3), new Dense(1) }.Build(seed: 1);
    using var model = new Probe(mlp, options.ValidationDelayMs);
    var settings = new TrainerOptions
    {
        Epochs = options.Epochs, BatchSize = 16, Seed = options.Seed, ValidationSplit = 0.25,
        Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(1e-2),
        Callbacks =
        {
            new ModelCheckpoint(Path.Combine(options.Output, "last.ckpt")),
            new ModelCheckpoint(Path.Combine(options.Output, "best.ckpt")) { SaveBestOnly = true },
            new CsvLogger(Path.Combine(options.Output, "history.csv")),
            new Markers(options.DelayMs),
        },
    };
    if (options.BallastMiB > 0) settings.Callbacks.Add(new Ballast(options.BallastMiB));
    var trainer = new Trainer(settings);
    Markers.Write("start");
    var history = trainer.Fit(model, data, resumeFrom: options.Resume);
    history.SaveJson(Path.Combine(options.Output, "history.json"));
    File.WriteAllText(Path.Combine(options.Output, "values.txt"), Values(history));
    File.WriteAllBytes(Path.Combine(options.Output, "weights.bin"), Weights(model));
    Markers.Write("done");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine(e.GetType().FullName + ": " + e.Message);
    return 3;
}

static (Tensor X, Tensor Y) SyntheticData(int n, long seed)
{
    using var g = new Generator((ulong)seed);
    var x = randn(n, 4, generator: g);
    var score = x[.., 0] - 0.5f * x[.., 1] + 0.25f * x[.., 2] * x[.., 3] + 0.5f * randn(n, generator: g);
    var y = (score > 0).to_type(ScalarType.Float32);
    return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
}

static string Values(History history)
{
    var text = new StringBuilder();
    text.Append("stop=").Append(history.StopReason).Append('\n');
    foreach (var e in history.Epochs)
    {
        text.Append(e.Epoch.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in e.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(' ').Append(key).Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
        text.Append(" lr=").Append(e.LearningRate.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
    return text.ToString();
}

static byte[] Weights(nn.Module model)
{
    using var stream = new MemoryStream();
    foreach (var (name, tensor) in model.state_dict())
    {
        stream.Write(Encoding.UTF8.GetBytes(name + "\n"));
        stream.Write(tensor.detach().cpu().contiguous().bytes);
    }
    return stream.ToArray();
}
