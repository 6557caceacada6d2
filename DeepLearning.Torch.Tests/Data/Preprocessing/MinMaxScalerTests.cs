using DeepLearning.Torch.Data.Preprocessing;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data.Preprocessing;

public class MinMaxScalerTests
{
    [Fact]
    public void Transform_RangeMinusOneToOne_MatchesSklearn()
    {
        using var train = PreprocessingReference.Tensor("train");
        using var test = PreprocessingReference.Tensor("test");
        using var expected = PreprocessingReference.Tensor("minmax_test");
        using var scaler = new MinMaxScaler(-1, 1).Fit(train);
        using var actual = scaler.Transform(test);
        Assert.True(actual.allclose(expected, rtol: 1e-10, atol: 1e-12));
        using var restored = MinMaxScaler.FromJson(scaler.ToJson());
        using var again = restored.Transform(test);
        Assert.True(again.allclose(actual, rtol: 0, atol: 0));
    }

    [Fact]
    public void Constructor_EmptyRange_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MinMaxScaler(1, 1));
        Assert.Equal("rangeMax", e.ParamName);
    }

    [Fact]
    public void Transform_WrongFeatureCount_Throws()
    {
        using var scaler = new MinMaxScaler().Fit(torch.rand(4, 3));
        var e = Assert.Throws<ArgumentException>(() => scaler.Transform(torch.rand(4, 2)));
        Assert.Contains("does not match the fitted shape", e.Message);
    }
}
