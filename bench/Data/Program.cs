// Data benchmark for DeepLearning.Torch (prints to the console; the library itself does not).
//  1. time to load all 50,000 CIFAR-10 training images (Cifar10Reader, float32 in [0, 1]);
//  2. an HDF5 file of at least --size-gb GiB (float32, 1024 columns) written in slices with PureHDF, then read
//     in row chunks with Hdf5Reader.ReadChunks while the process working set is sampled (bounded memory), and
//     read with the same chunking by h5py (/usr/bin/python3) for a side-by-side throughput comparison.
using System.Diagnostics;
using System.Globalization;
using DeepLearning.Torch.Data;
using PureHDF;
using PureHDF.Selections;
using TorchSharp;

double sizeGb = 1.0;
string? keep = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--size-gb") sizeGb = double.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--keep") keep = args[++i];
}

torch.set_num_threads(1);
const long Columns = 1024;
const long ChunkRows = 8192;  // 32 MiB per chunk
Console.WriteLine($"DeepLearning.Torch data benchmark, {Environment.ProcessorCount} cores visible (shared machine: timings are noisy)");

// 1. CIFAR-10
string cifar = DataRoot.Locate("cifar-10-batches-bin");
var cifarTimes = new List<double>();
for (int run = 0; run < 3; run++)
{
    var watch = Stopwatch.StartNew();
    using var data = Cifar10Reader.ReadTraining(cifar);
    watch.Stop();
    cifarTimes.Add(watch.Elapsed.TotalSeconds);
}
Console.WriteLine($"CIFAR-10 50,000 training images -> float32 (50000,3,32,32): best {cifarTimes.Min():F3} s, runs {string.Join(", ", cifarTimes.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))} s");

// 2. HDF5 streaming
string path = keep ?? Path.Combine(Path.GetTempPath(), $"dlt-bench-{Guid.NewGuid():N}.h5");
long rows = (long)Math.Ceiling(sizeGb * (1L << 30) / (Columns * 4.0) / ChunkRows) * ChunkRows;
double fileMiB = rows * Columns * 4 / (1024.0 * 1024.0);
try
{
    var writeWatch = Stopwatch.StartNew();
    var dataset = new H5Dataset<float[]>(fileDims: [(ulong)rows, (ulong)Columns]);
    var file = new H5File { ["x"] = dataset };
    using (var writer = file.BeginWrite(path))
    {
        var buffer = new float[ChunkRows * Columns];
        for (long first = 0; first < rows; first += ChunkRows)
        {
            for (long k = 0; k < buffer.LongLength; k++) buffer[k] = (first * Columns + k) % 1000 * 0.001f;
            writer.Write(dataset, buffer, fileSelection: new HyperslabSelection(2, [(ulong)first, 0], [(ulong)ChunkRows, (ulong)Columns]));
        }
    }
    writeWatch.Stop();
    Console.WriteLine($"wrote {path}: {rows} x {Columns} float32 = {fileMiB:F0} MiB in {writeWatch.Elapsed.TotalSeconds:F1} s");

    GC.Collect();
    long baseline = Process.GetCurrentProcess().WorkingSet64;
    long peak = baseline;
    double checksum = 0;
    var readWatch = Stopwatch.StartNew();
    using (var reader = new Hdf5Reader(path))
    {
        foreach (var chunk in reader.ReadChunks("x", ChunkRows))
        {
            using (chunk)
            using (var sum = chunk.sum(torch.ScalarType.Float64))
                checksum += sum.item<double>();
            peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
        }
    }
    readWatch.Stop();
    double csharp = fileMiB / readWatch.Elapsed.TotalSeconds;
    Console.WriteLine($"Hdf5Reader.ReadChunks ({ChunkRows} rows = {ChunkRows * Columns * 4 >> 20} MiB per chunk): {readWatch.Elapsed.TotalSeconds:F2} s, {csharp:F0} MiB/s; " +
        $"working set {baseline >> 20} MiB before, peak {peak >> 20} MiB (growth {(peak - baseline) >> 20} MiB for a {fileMiB:F0} MiB file); checksum {checksum:E6}");

    string script = $"import h5py,time,numpy as np\nf=h5py.File('{path}','r');d=f['x'];t=time.time();s=0.0\n" +
        $"for i in range(0,d.shape[0],{ChunkRows}): s+=float(d[i:i+{ChunkRows}].sum(dtype=np.float64))\n" +
        "print(time.time()-t, s)";
    var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardOutput = true })!;
    string output = python.StandardOutput.ReadToEnd().Trim();
    python.WaitForExit();
    string[] parts = output.Split(' ');
    double pySeconds = double.Parse(parts[0], CultureInfo.InvariantCulture);
    Console.WriteLine($"h5py 3.7 same chunks: {pySeconds:F2} s, {fileMiB / pySeconds:F0} MiB/s; checksum {double.Parse(parts[1], CultureInfo.InvariantCulture):E6}");
    Console.WriteLine($"side by side (MiB/s): Hdf5Reader {csharp:F0} | h5py {fileMiB / pySeconds:F0}");
}
finally
{
    if (keep is null && File.Exists(path)) File.Delete(path);
}
