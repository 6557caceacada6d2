using DeepLearning.Torch.Data;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Data;

public class TensorDatasetTests
{
    [Fact]
    public void Subset_GathersRowsInOrder()
    {
        using var x = arange(12, dtype: ScalarType.Float32).reshape(6, 2);
        using var y = arange(6, dtype: ScalarType.Int64);
        using var w = arange(6, dtype: ScalarType.Float32) / 10;
        using var data = new TensorDataset(x, y, w);
        using var subset = data.Subset([4, 1]);
        Assert.Equal(2, subset.Count);
        Assert.Equal(new float[] { 8, 9, 2, 3 }, subset.Features.data<float>().ToArray());
        Assert.Equal(new long[] { 4, 1 }, subset.Labels!.data<long>().ToArray());
        Assert.Equal(0.4f, subset.Weights!.data<float>()[0], 6);
    }

    [Fact]
    public void Constructor_LabelRowsDiffer_Throws()
    {
        using var x = zeros(5, 2);
        using var y = zeros(4);
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(x, y));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains("5 rows", e.Message);
    }

    [Fact]
    public void Constructor_WeightsNotVector_Throws()
    {
        using var x = zeros(5, 2);
        using var w = zeros(5, 1);
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(x, weights: w));
        Assert.Equal("weights", e.ParamName);
        Assert.Contains("shape [5]", e.Message);
    }

    [Fact]
    public void Constructor_ScalarFeatures_Throws()
    {
        using var x = tensor(1f);
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(x));
        Assert.Equal("features", e.ParamName);
    }

    [Fact]
    public void Subset_IndexOutOfRange_Throws()
    {
        using var x = zeros(3, 2);
        using var data = new TensorDataset(x);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([0, 3]));
        Assert.Equal("indices", e.ParamName);
        Assert.Contains("outside [0, 3)", e.Message);
    }
}
