using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Data;

/// <summary>Datasets with several inputs: every subset, split and batch takes the same rows of every input.</summary>
public class TensorDatasetMultiInputTests
{
    /// <summary>Input 0 [n, 1] holds the row index, input 1 [n, 2, 3] holds 100 * row + k (k = 0..5), labels the row index.</summary>
    private static (Tensor A, Tensor B, Tensor Y) RowCoded(int n)
    {
        var a = arange(n, dtype: ScalarType.Float32).reshape(n, 1).DetachFromDisposeScope();
        var b = (arange(n, dtype: ScalarType.Int64).reshape(n, 1, 1) * 100 + arange(6, dtype: ScalarType.Int64).reshape(1, 2, 3))
            .DetachFromDisposeScope();
        var y = arange(n, dtype: ScalarType.Int64).DetachFromDisposeScope();
        return (a, b, y);
    }

    /// <summary>Asserts that both inputs of <paramref name="batch"/> encode the rows given by its labels; returns those rows.</summary>
    private static long[] AlignedRows(Batch batch)
    {
        long[] rows = batch.Labels!.data<long>().ToArray();
        Assert.Equal(2, batch.Inputs.Count);
        Assert.Same(batch.Inputs[0], batch.Features);
        Assert.Equal(rows, batch.Inputs[0].reshape(-1).to_type(ScalarType.Int64).data<long>().ToArray());
        long[] expected = rows.SelectMany(r => Enumerable.Range(0, 6).Select(k => 100 * r + k)).ToArray();
        Assert.Equal(new long[] { rows.Length, 2, 3 }, batch.Inputs[1].shape);
        Assert.Equal(expected, batch.Inputs[1].data<long>().ToArray());
        return rows;
    }

    [Fact]
    public void Ctor_TwoInputs_ExposesInputsInOrderAndFeaturesIsFirst()
    {
        var (a, b, y) = RowCoded(5);
        using (a) using (b) using (y)
        using (var data = new TensorDataset([a, b], y))
        {
            Assert.Equal(2, data.InputCount);
            Assert.Same(a, data.Inputs[0]);
            Assert.Same(b, data.Inputs[1]);
            Assert.Same(a, data.Features);
            Assert.Equal(5, data.Count);
        }
    }

    [Fact]
    public void Ctor_SingleTensor_HasOneInputThatIsFeatures()
    {
        using var x = zeros(4, 2);
        using var data = new TensorDataset(x);
        Assert.Equal(1, data.InputCount);
        Assert.Same(x, Assert.Single(data.Inputs));
    }

    [Fact]
    public void Ctor_InputRowCountsDiffer_ThrowsNamingInput()
    {
        using var a = zeros(10, 2);
        using var b = zeros(10, 3);
        using var c = zeros(9, 4, 4);
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset([a, b, c]));
        Assert.Equal("Input 2 has 9 rows but input 0 has 10; all inputs need one row per sample (shape [9, 4, 4]). (Parameter 'inputs')", e.Message);
    }

    [Fact]
    public void Ctor_LabelsRowCountDiffers_ThrowsNamingLabels()
    {
        using var a = zeros(10, 2);
        using var b = zeros(10, 3);
        using var y = zeros(8);
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset([a, b], y));
        Assert.Equal("Labels must have 10 rows like the features; got shape [8]. (Parameter 'labels')", e.Message);
    }

    [Fact]
    public void Ctor_NoInputsOrScalarInput_Throws()
    {
        var empty = Assert.Throws<ArgumentException>(() => new TensorDataset(Array.Empty<Tensor>()));
        Assert.Equal("A dataset needs at least one input tensor; got none. (Parameter 'inputs')", empty.Message);
        using var a = zeros(3, 2);
        using var scalar = tensor(1f);
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset([a, scalar]));
        Assert.Equal("Input 1 must have a sample dimension (shape [N, ...]); got a scalar. (Parameter 'inputs')", e.Message);
        var nul = Assert.Throws<ArgumentException>(() => new TensorDataset([a, null!]));
        Assert.Equal("Input 1 is null. (Parameter 'inputs')", nul.Message);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void GetBatch_TwoInputs_GathersSameRowsFromEveryInput(bool shuffle, bool subsetOfRows)
    {
        var (a, b, y) = RowCoded(23);
        using (a) using (b) using (y)
        using (var data = new TensorDataset([a, b], y))
        using (var g = new Generator(7))
        {
            long[]? rows = subsetOfRows ? [21, 3, 4, 8, 0, 15, 16, 11, 9, 22] : null;
            using var it = new BatchIterator(data, 4, CPU, shuffle ? g : null, rows: rows);
            it.BeginEpoch();
            var seen = new List<long>();
            for (int i = 0; i < it.BatchCount; i++)
            {
                using var scope = NewDisposeScope();
                seen.AddRange(AlignedRows(it.GetBatch(i)));
            }
            var expected = rows ?? Enumerable.Range(0, 23).Select(r => (long)r).ToArray();
            if (shuffle)
            {
                Assert.NotEqual(expected, seen);
                Assert.Equal(expected.Order(), seen.Order());
            }
            else
            {
                Assert.Equal(expected, seen);
            }
        }
    }

    [Fact]
    public void Subset_TwoInputs_OwnsAlignedCopies()
    {
        var (a, b, y) = RowCoded(12);
        using (a) using (b) using (y)
        using (var data = new TensorDataset([a, b], y))
        using (var subset = data.Subset([7, 2, 11]))
        using (var it = new BatchIterator(subset, 10, CPU))
        {
            Assert.Equal(2, subset.InputCount);
            using var batch = it.GetBatch(0);
            Assert.Equal(new long[] { 7, 2, 11 }, AlignedRows(batch));
        }
    }

    [Fact]
    public void Split_StratifiedTwoInputs_KeepsRowsAligned()
    {
        const int n = 60;
        using var a = arange(n, dtype: ScalarType.Float32).reshape(n, 1);
        using var b = arange(n, dtype: ScalarType.Float32).reshape(n, 1) * 2 + 1;
        // Sorted by class (0 then 1 then 2) as physics files often are.
        using var y = cat([zeros(30, dtype: ScalarType.Int64), ones(20, dtype: ScalarType.Int64), full(10, 2L, dtype: ScalarType.Int64)]);
        using var data = new TensorDataset([a, b], y);
        using var split = DatasetSplit.Split(data, 0.2, 0.1, seed: 3);
        Assert.True(split.Stratified);
        long[] labels = y.data<long>().ToArray();
        foreach (var (part, indices) in new[] { (split.Train, split.TrainIndices), (split.Validation, split.ValidationIndices), (split.Test, split.TestIndices) })
        {
            Assert.Equal(2, part.InputCount);
            float[] first = part.Inputs[0].reshape(-1).data<float>().ToArray();
            float[] second = part.Inputs[1].reshape(-1).data<float>().ToArray();
            Assert.Equal(indices.Select(i => (float)i), first);
            Assert.Equal(first.Select(v => 2 * v + 1), second);
            Assert.Equal(indices.Select(i => labels[i]), part.Labels!.data<long>().ToArray());
        }
        Assert.Equal(new long[] { 6, 4, 2 }, split.Validation.Labels!.bincount(null).data<long>().ToArray());
    }

    [Fact]
    public void Batch_EmptyInputs_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new Batch(0, Array.Empty<Tensor>(), null, null));
        Assert.Equal("A batch needs at least one input tensor; got none. (Parameter 'inputs')", e.Message);
    }
}
