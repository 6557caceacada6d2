using System.Diagnostics;
using DeepLearning.Torch.Data;
using TorchSharp;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// hdf5: Hdf5Reader on dataset "x" of --file (float32 [rows, 1024], written by bench/peers/make_inputs.py), --mode whole
/// (one Read into one tensor) or chunks (ReadChunks of --chunk-rows rows, each summed and disposed).
/// cifar-load: Cifar10Reader.ReadTraining of --data (all 50,000 training images, float32 in [0, 1]).
/// The result is the median of --repeats timed calls after one warm-up call (the file is then in the page cache,
/// for both sides).
/// </summary>
internal static class DataCases
{
    internal static double Hdf5(Options options)
    {
        string path = options.Text("file"), mode = options.Text("mode");
        long chunkRows = options.Int("chunk-rows", 8192);
        double checksum = 0;
        void ReadOnce()
        {
            using var reader = new Hdf5Reader(path);
            if (mode == "whole")
            {
                using var x = reader.Read("x");
                using var row = x[0];   // a view: undisposed, it would keep the whole tensor alive until the GC runs
                using var s = row.sum(torch.ScalarType.Float64);
                checksum = s.item<double>();
                return;
            }
            checksum = 0;
            foreach (var chunk in reader.ReadChunks("x", chunkRows))
            {
                using (chunk)
                using (var s = chunk.sum(torch.ScalarType.Float64))
                    checksum += s.item<double>();
            }
        }
        double median = Timed(options, ReadOnce);
        Console.WriteLine($"checksum {checksum:R}");
        return median;
    }

    internal static double CifarLoad(Options options)
    {
        string dir = options.Text("data", "../shared/data/cifar-10-batches-bin");
        return Timed(options, () =>
        {
            using var data = Cifar10Reader.ReadTraining(dir);
            if (data.Count != 50_000) throw new InvalidOperationException($"Expected 50,000 images; got {data.Count}.");
        });
    }

    private static double Timed(Options options, Action action)
    {
        action();
        var seconds = new List<double>();
        for (int r = 0; r < options.Int("repeats", 3); r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return Options.Median(seconds);
    }
}
