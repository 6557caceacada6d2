using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Data;

public class TensorDatasetBatchTests
{
    [Fact]
    public void GetBatch_NoShuffle_CoversDatasetInOrderWithShortLastBatch()
    {
        using var x = arange(10, dtype: ScalarType.Float32).reshape(10, 1);
        using var y = arange(10, dtype: ScalarType.Int64);
        using var data = new TensorDataset(x, y);
        using var batches = new BatchIterator(data, 4, CPU);
        Assert.Equal(3, batches.BatchCount);
        batches.BeginEpoch();
        using var last = batches.GetBatch(2);
        Assert.Equal(new long[] { 8, 9 }, last.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void GetBatch_Shuffle_IsPermutationAndSeeded()
    {
        using var x = arange(10, dtype: ScalarType.Float32).reshape(10, 1);
        using var y = arange(10, dtype: ScalarType.Int64);
        using var data = new TensorDataset(x, y);
        long[] Epoch(ulong seed)
        {
            using var g = new Generator(seed);
            using var it = new BatchIterator(data, 3, CPU, g);
            it.BeginEpoch();
            var seen = new List<long>();
            for (int b = 0; b < it.BatchCount; b++)
            {
                using var batch = it.GetBatch(b);
                Assert.Equal(batch.Labels!.data<long>().ToArray(), batch.Features.reshape(-1).to_type(ScalarType.Int64).data<long>().ToArray());
                seen.AddRange(batch.Labels!.data<long>().ToArray());
            }
            return seen.ToArray();
        }
        long[] a = Epoch(5), b = Epoch(5), c = Epoch(6);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), a.Order());
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void GetBatch_DropLast_SkipsIncompleteBatch()
    {
        using var x = zeros(10, 1);
        using var data = new TensorDataset(x);
        using var it = new BatchIterator(data, 4, CPU, dropLast: true);
        Assert.Equal(2, it.BatchCount);
    }

    [Fact]
    public void GetBatch_ShuffleWithoutBeginEpoch_Throws()
    {
        using var x = zeros(10, 1);
        using var data = new TensorDataset(x);
        using var g = new Generator(1);
        using var it = new BatchIterator(data, 4, CPU, g);
        var e = Assert.Throws<InvalidOperationException>(() => it.GetBatch(0));
        Assert.Contains("BeginEpoch", e.Message);
    }

    [Fact]
    public void Constructor_ZeroBatchSize_Throws()
    {
        using var x = zeros(10, 1);
        using var data = new TensorDataset(x);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchIterator(data, 0, CPU));
        Assert.Equal("batchSize", e.ParamName);
    }

    [Fact]
    public void GetBatch_Rows_ShuffledBatchesCoverOnlyThoseRows()
    {
        using var x = arange(10, dtype: ScalarType.Float32).reshape(10, 1);
        using var y = arange(10, dtype: ScalarType.Int64);
        using var data = new TensorDataset(x, y);
        using var g = new Generator(3);
        long[] rows = [1, 4, 5, 8, 9];
        using var it = new BatchIterator(data, 2, CPU, g, rows: rows);
        Assert.Equal(3, it.BatchCount);
        Assert.Equal(5, it.SampleCount);
        it.BeginEpoch();
        var seen = new List<long>();
        for (int b = 0; b < it.BatchCount; b++)
        {
            using var batch = it.GetBatch(b);
            seen.AddRange(batch.Labels!.data<long>().ToArray());
        }
        Assert.Equal(rows, seen.Order());
    }

    [Fact]
    public void Constructor_RowOutsideDataset_Throws()
    {
        using var x = zeros(4, 1);
        using var data = new TensorDataset(x);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchIterator(data, 2, CPU, rows: [0, 4]));
        Assert.Equal("rows", e.ParamName);
        Assert.Contains("outside [0, 4)", e.Message);
    }
}
