using System.Diagnostics;
using DeepLearning.Torch.Data;
using PureHDF;
using PureHDF.Selections;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data;

public class Hdf5StreamingTests
{
    [Fact]
    public void ReadChunks_128MiBFile_WorkingSetGrowsFarLessThanFile()
    {
        const long rows = 32768, columns = 1024, chunkRows = 1024;   // 128 MiB file, 4 MiB chunks
        using var temp = new TestData.TempFolder();
        string path = temp.File("big.h5");
        var dataset = new H5Dataset<float[]>(fileDims: [(ulong)rows, (ulong)columns]);
        var file = new H5File { ["x"] = dataset };
        using (var writer = file.BeginWrite(path))
        {
            var buffer = new float[chunkRows * columns];
            for (long first = 0; first < rows; first += chunkRows)
            {
                Array.Fill(buffer, first / chunkRows);
                writer.Write(dataset, buffer, fileSelection: new HyperslabSelection(2, [(ulong)first, 0], [(ulong)chunkRows, (ulong)columns]));
            }
        }
        Assert.True(new FileInfo(path).Length >= rows * columns * 4);

        using (var warmup = new Hdf5Reader(path))
        using (var first = warmup.Read("x", start: 0, count: chunkRows))
            Assert.Equal(0f, first.sum().item<float>());   // loads libtorch and JIT-compiles the read path
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Native memory is what must stay bounded: the working set less the managed heap (which includes garbage the
        // reader's large managed buffers leave until the runtime's next full collection, whose timing depends on the tests
        // that ran before in this process).
        long Native() => Process.GetCurrentProcess().WorkingSet64 - GC.GetTotalMemory(false);
        long baseline = Native(), peak = baseline, managedBaseline = GC.GetTotalMemory(false);
        long index = 0;
        var trace = new List<string>();
        using (var reader = new Hdf5Reader(path))
        {
            foreach (var chunk in reader.ReadChunks("x", chunkRows))
            {
                using (var scope = torch.NewDisposeScope())
                {
                    chunk.MoveToOtherDisposeScope(scope);
                    Assert.Equal(new[] { chunkRows, columns }, chunk.shape);
                    Assert.Equal((float)index, chunk[0, 0].item<float>());
                    Assert.Equal((float)index, chunk[^1, ^1].item<float>());
                }
                index++;
                peak = Math.Max(peak, Native());
                if (index % 4 == 0) trace.Add($"{index}: +{(Native() - baseline) >> 20} MiB (managed heap +{(GC.GetTotalMemory(false) - managedBaseline) >> 20} MiB)");
            }
        }
        Assert.Equal(rows / chunkRows, index);
        long growthMiB = (peak - baseline) >> 20;
        Assert.True(growthMiB < 48, $"working set less managed heap grew by {growthMiB} MiB while streaming a 128 MiB file in 4 MiB chunks; " + string.Join(" | ", trace));
    }
}
