// Times DeepLearning.Torch.Evaluation.RocCurve.Compute + Auc on raw little-endian files:
//   RocBench <scores.f64> <labels.i32> [repeats]
// Prints one line per repeat: "ours <n> <seconds> <auc>". The first call (JIT warm-up) is not printed.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DeepLearning.Torch.Evaluation;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: RocBench <scores.f64> <labels.i32> [repeats]");
    return 2;
}

double[] scores = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(args[0])).ToArray();
int[] labels = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(args[1])).ToArray();
int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
RocCurve.Compute(labels[..Math.Min(labels.Length, 100_000)], scores[..Math.Min(scores.Length, 100_000)]).Auc();
for (int r = 0; r < repeats; r++)
{
    var sw = Stopwatch.StartNew();
    double auc = RocCurve.Compute(labels, scores).Auc();
    sw.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours {scores.Length} {sw.Elapsed.TotalSeconds:F4} {auc:R}"));
}

return 0;
