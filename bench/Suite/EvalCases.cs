using System.Diagnostics;
using System.Runtime.InteropServices;
using DeepLearning.Torch.Evaluation;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Metrics on raw little-endian files written by bench/peers/make_inputs.py (--prefix P):
/// roc: RocCurve.Compute(labels, scores, weights) + Auc() on P.f64 / P.i32 / P.w64;
/// confusion: ConfusionMatrix.Compute + ClassificationReport.Compute on P.true.i32 / P.pred.i32 (10 classes).
/// One small warm-up call, then --repeats timed calls; the result is their median.
/// </summary>
internal static class EvalCases
{
    internal static double Roc(Options options)
    {
        string prefix = options.Text("prefix");
        double[] scores = Read<double>(prefix + ".f64"), weights = Read<double>(prefix + ".w64");
        int[] labels = Read<int>(prefix + ".i32");
        int warm = Math.Min(labels.Length, 100_000);
        RocCurve.Compute(labels[..warm], scores[..warm], weights[..warm]).Auc();
        double auc = 0;
        double median = Timed(options, () => auc = RocCurve.Compute(labels, scores, weights).Auc());
        Console.WriteLine($"AUC {auc:R}");
        return median;
    }

    internal static double Confusion(Options options)
    {
        string prefix = options.Text("prefix");
        int[] truth = Read<int>(prefix + ".true.i32"), predicted = Read<int>(prefix + ".pred.i32");
        int warm = Math.Min(truth.Length, 100_000);
        ClassificationReport.Compute(truth[..warm], predicted[..warm], 10);
        double accuracy = 0;
        double median = Timed(options, () =>
        {
            ConfusionMatrix.Compute(truth, predicted, 10);
            accuracy = ClassificationReport.Compute(truth, predicted, 10).Accuracy;
        });
        Console.WriteLine($"accuracy {accuracy:R}");
        return median;
    }

    private static double Timed(Options options, Action action)
    {
        var seconds = new List<double>();
        for (int r = 0; r < options.Int("repeats", 3); r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return Options.Median(seconds);
    }

    /// <summary>Reads a raw little-endian array straight into its final buffer (no second copy, like numpy.fromfile).</summary>
    internal static T[] Read<T>(string path) where T : unmanaged
    {
        using var file = File.OpenRead(path);
        var values = new T[file.Length / Marshal.SizeOf<T>()];
        file.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
