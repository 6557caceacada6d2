// The "ours" side of bench/run.sh. One measurement per process:
//   Suite <case> [--name value ...]
// Cases: info | train | infer | infer-onnx | roc | confusion | hdf5 | cifar-load | memory | train-stream | train-set | train-paired (see each *Case.cs).
// Every case prints "RESULT <seconds>" (median over the timed repetitions in this process) and, last,
// "PEAK_RSS_KB <VmHWM>" read from /proc/self/status.
using System.Globalization;
using DeepLearning.Torch.Bench.Suite;
using DeepLearning.Torch.Runtime;
using TorchSharp;

var (command, options) = Options.Parse(args);
int threads = options.Int("threads", Environment.ProcessorCount);
TorchRuntime.EnsureLoaded();   // applies the library's oneDNN cap (SSE41 on AMD with AVX-512) unless the user chose
torch.set_num_threads(threads);
double? result = command switch
{
    "info" => Info(threads),
    "train" => TrainCase.Run(options),
    "infer" => InferCase.Run(options),
    "infer-onnx" => OnnxInferCase.Run(options),
    "roc" => EvalCases.Roc(options),
    "confusion" => EvalCases.Confusion(options),
    "hdf5" => DataCases.Hdf5(options),
    "cifar-load" => DataCases.CifarLoad(options),
    "memory" => MemoryCase.Run(options),
    "train-stream" => StreamCase.Run(options),
    "train-set" => SetTrainCase.Run(options),
    "train-paired" => PairedTrainCase.Run(options),
    _ => throw new ArgumentException($"Unknown case '{command}'; use info, train, infer, infer-onnx, roc, confusion, hdf5, cifar-load, memory, train-stream, train-set or train-paired.", nameof(args)),
};
if (result is { } seconds) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {seconds:R}"));
Console.WriteLine($"PEAK_RSS_KB {Rss.PeakKb()}");
return 0;

static double? Info(int threads)
{
    string cap = TorchRuntime.OneDnnInstructionSetLimit ?? (Rss.NativeEnv("ONEDNN_MAX_CPU_ISA") is { } user ? $"{user} (user)" : "none (all ISAs)");
    Console.WriteLine($"TorchSharp libtorch {torch.__version__}, torch threads {torch.get_num_threads()} (asked {threads}), oneDNN ISA cap: {cap}");
    Console.WriteLine($"native allocator: {TorchRuntime.AllocatorTuning ?? "glibc defaults (or the user's settings)"}");
    return null;
}
