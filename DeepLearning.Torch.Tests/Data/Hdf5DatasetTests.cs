using DeepLearning.Torch.Data;
using PureHDF;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Data;

public class Hdf5DatasetTests
{
    private const int Rows = 1000, Columns = 3;

    /// <summary>A file whose row i holds features (i, i + 0.25, i + 0.5) and label i, so every row is recognisable.</summary>
    private static string WriteFile(TestData.TempFolder temp)
    {
        string path = temp.File("rows.h5");
        var x = new float[Rows, Columns];
        var y = new long[Rows];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Columns; j++) x[i, j] = i + 0.25f * j;
            y[i] = i;
        }
        new H5File { ["x"] = x, ["y"] = y }.Write(path);
        return path;
    }

    private static long[] Order(Hdf5Dataset data, int epoch, int batchSize, int startBatch = 0)
    {
        var rows = new List<long>();
        foreach (var batch in data.Batches(epoch, batchSize, startBatch: startBatch))
        {
            using var scope = NewDisposeScope();
            rows.AddRange(batch.Labels!.data<long>().ToArray());
            Assert.Equal(batch.Labels!.to_type(ScalarType.Float32).data<float>().ToArray(), batch.Features.select(1, 0).data<float>().ToArray());
        }
        return rows.ToArray();
    }

    [Fact]
    public void Batches_ShuffleOff_EqualBatchIteratorBitwise()
    {
        using var temp = new TestData.TempFolder();
        string path = WriteFile(temp);
        using var data = new Hdf5Dataset(path, new Hdf5DatasetOptions { ChunkRows = 64, ShuffleBufferChunks = 3, Shuffle = false });
        using var reader = new Hdf5Reader(path);
        using var memory = new TensorDataset(reader.Read("x", ScalarType.Float32), reader.Read("y"));
        using var iterator = new BatchIterator(memory, 100, CPU);
        int b = 0;
        foreach (var batch in data.Batches(1, 100))
        {
            using var scope = NewDisposeScope();
            var expected = iterator.GetBatch(b++);
            Assert.True(expected.Features.equal(batch.Features).all().item<bool>());
            Assert.True(expected.Labels!.equal(batch.Labels!).all().item<bool>());
        }
        Assert.Equal(iterator.BatchCount, b);
    }

    [Fact]
    public void Batches_Shuffled_EachEpochIsAPermutationFixedBySeed()
    {
        using var temp = new TestData.TempFolder();
        string path = WriteFile(temp);
        var options = new Hdf5DatasetOptions { ChunkRows = 50, ShuffleBufferChunks = 4, Seed = 7 };
        using var a = new Hdf5Dataset(path, options);
        using var b = new Hdf5Dataset(path, options);
        using var other = new Hdf5Dataset(path, options with { Seed = 8 });
        long[] first = Order(a, 1, 64);
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), first.Order());
        Assert.NotEqual(Enumerable.Range(0, Rows).Select(i => (long)i), first);
        Assert.Equal(first, Order(b, 1, 64));
        Assert.NotEqual(first, Order(a, 2, 64));
        Assert.NotEqual(first, Order(other, 1, 64));
    }

    [Fact]
    public void LoadState_MidEpoch_ContinuesAsUninterrupted()
    {
        using var temp = new TestData.TempFolder();
        string path = WriteFile(temp);
        var options = new Hdf5DatasetOptions { ChunkRows = 40, ShuffleBufferChunks = 3, Seed = 3 };
        using var whole = new Hdf5Dataset(path, options);
        long[] uninterrupted = Order(whole, 2, 30);

        using var interrupted = new Hdf5Dataset(path, options);
        var seen = new List<long>();
        foreach (var batch in interrupted.Batches(2, 30))
        {
            using var scope = NewDisposeScope();
            seen.AddRange(batch.Labels!.data<long>().ToArray());
            if (batch.Index == 12) break;   // stops mid-buffer: 390 rows of 120-row buffers
        }
        using var state = new MemoryStream();
        interrupted.SaveState(new BinaryWriter(state));
        state.Position = 0;
        using var resumed = new Hdf5Dataset(path, options);
        resumed.LoadState(new BinaryReader(state));
        Assert.Equal((2, 13), (resumed.Epoch, resumed.NextBatch));
        seen.AddRange(Order(resumed, resumed.Epoch, 30, resumed.NextBatch));
        Assert.Equal(uninterrupted, seen);
    }

    [Fact]
    public void Batches_WholeEpoch_HoldsAtMostPrefetchBuffers()
    {
        using var temp = new TestData.TempFolder();
        string path = WriteFile(temp);
        using var data = new Hdf5Dataset(path, new Hdf5DatasetOptions { ChunkRows = 20, ShuffleBufferChunks = 2, Prefetch = 2 });
        foreach (var batch in data.Batches(1, 16))
        {
            using var scope = NewDisposeScope();
            Thread.Sleep(1);   // lets the reader run ahead until the queue is full
        }
        Assert.Equal(4 * 40 + 20, data.MaxResidentRows);
        Assert.InRange(data.PeakResidentRows, 40, data.MaxResidentRows);
    }

    [Fact]
    public void Constructor_LabelRowsDiffer_NamesDataset()
    {
        using var temp = new TestData.TempFolder();
        string path = temp.File("bad.h5");
        new H5File { ["x"] = new float[10, 2], ["y"] = new long[9] }.Write(path);
        var e = Assert.Throws<DataFormatException>(() => new Hdf5Dataset(path));
        Assert.Contains("y", e.DatasetPath);
        Assert.Contains("10 rows", e.Message);
    }

    /// <summary>Every third row of the first 600 of the range [100, 1000), then a run of consecutive rows: gaps and contiguous blocks.</summary>
    private static long[] SubsetRows() => Enumerable.Range(0, 200).Select(i => 3L * i).Concat(Enumerable.Range(700, 150).Select(i => (long)i)).ToArray();

    [Fact]
    public void Subset_InRowOrderAndShuffled_StreamsExactlyItsRows()
    {
        using var temp = new TestData.TempFolder();
        string path = WriteFile(temp);
        using var range = new Hdf5Dataset(path, new Hdf5DatasetOptions { ChunkRows = 16, ShuffleBufferChunks = 2, Prefetch = 1, Shuffle = false, FirstRow = 100, Seed = 4 });
        long[] rows = SubsetRows();
        long[] fileRows = rows.Select(r => 100 + r).ToArray();
        using var inOrder = range.Subset(rows);
        Assert.Equal(rows.Length, inOrder.Count);
        Assert.Equal(rows, inOrder.SubsetRows);
        Assert.Equal(fileRows, Order(inOrder, 1, 25));

        using var shuffled = range.Subset(rows, shuffle: true);
        long[] epoch1 = Order(shuffled, 1, 25);
        Assert.NotEqual(fileRows, epoch1);
        Assert.Equal(fileRows, epoch1.Order());
        Assert.Equal(epoch1, Order(shuffled, 1, 25));   // fixed by the seed and the epoch
        Assert.NotEqual(epoch1, Order(shuffled, 2, 25));
        Assert.InRange(shuffled.PeakResidentRows, 1, shuffled.MaxResidentRows);

        // A subset of a subset names rows of the first.
        using var inner = inOrder.Subset([0, 1, 300]);
        Assert.Equal(new[] { 100L, 103, 100 + rows[300] }, Order(inner, 1, 2));
    }

    [Fact]
    public void ReadLabels_RangeAndSubset_EqualTheirRowsLabels()
    {
        using var temp = new TestData.TempFolder();
        string path = WriteFile(temp);
        using var range = new Hdf5Dataset(path, new Hdf5DatasetOptions { ChunkRows = 16, FirstRow = 100, LabelType = ScalarType.Float32, LabelsAsColumn = true });
        using (var labels = range.ReadLabels())
        {
            Assert.Equal(new long[] { 900, 1 }, labels.shape);
            Assert.Equal(Enumerable.Range(100, 900).Select(i => (float)i), labels.data<float>().ToArray());
        }
        using var subset = range.Subset(SubsetRows());
        using var subsetLabels = subset.ReadLabels();
        Assert.Equal(SubsetRows().Select(r => (float)(100 + r)), subsetLabels.data<float>().ToArray());
    }

    [Fact]
    public void Subset_RowsNotAscendingOrOutside_Refused()
    {
        using var temp = new TestData.TempFolder();
        string path = WriteFile(temp);
        using var data = new Hdf5Dataset(path, new Hdf5DatasetOptions { RowCount = 10 });
        Assert.Contains("strictly ascending", Assert.Throws<ArgumentException>(() => data.Subset([3, 3])).Message);
        Assert.Contains("outside [0, 10)", Assert.Throws<ArgumentException>(() => data.Subset([4, 10])).Message);
        Assert.Throws<ArgumentException>(() => data.Subset([]));
        using var unlabelled = new Hdf5Dataset(path, new Hdf5DatasetOptions { Labels = null });
        Assert.Throws<InvalidOperationException>(() => unlabelled.ReadLabels());
    }
}
