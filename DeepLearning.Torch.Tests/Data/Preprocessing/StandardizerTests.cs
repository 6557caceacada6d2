using DeepLearning.Torch.Data.Preprocessing;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data.Preprocessing;

public class StandardizerTests
{
    [Fact]
    public void Transform_FittedOnTrain_MatchesSklearnStandardScaler()
    {
        using var train = PreprocessingReference.Tensor("train");
        using var test = PreprocessingReference.Tensor("test");
        using var expected = PreprocessingReference.Tensor("standard_test");
        using var scaler = new Standardizer().Fit(train);
        using var actual = scaler.Transform(test);
        Assert.True(actual.allclose(expected, rtol: 1e-10, atol: 1e-12));
        using var mean = PreprocessingReference.Tensor("standard_mean");
        using var scale = PreprocessingReference.Tensor("standard_scale");
        Assert.True(scaler.Mean.squeeze(0).allclose(mean));
        Assert.True(scaler.Std.squeeze(0).allclose(scale));
        Assert.Equal(1.0, scaler.Std[0, 2].item<double>());
    }

    [Fact]
    public void Transform_Float32Images_PerPixelAndChannel_MatchesNumpy()
    {
        using var images = PreprocessingReference.Tensor("images").to_type(torch.ScalarType.Float32);
        using var expected = PreprocessingReference.Tensor("images_per_pixel").to_type(torch.ScalarType.Float32);
        using var scaler = new Standardizer(StandardizationAxes.PerElement);
        using var actual = scaler.FitTransform(images);
        Assert.Equal(torch.ScalarType.Float32, actual.dtype);
        Assert.Equal(new long[] { 1, 2, 3, 3 }, scaler.Mean.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Transform_PerChannel_MatchesNumpy()
    {
        using var images = PreprocessingReference.Tensor("images");
        using var expected = PreprocessingReference.Tensor("images_per_channel");
        using var scaler = new Standardizer(StandardizationAxes.PerChannel);
        using var actual = scaler.FitTransform(images);
        Assert.Equal(new long[] { 1, 2, 1, 1 }, scaler.Mean.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-10, atol: 1e-12));
    }

    [Fact]
    public void FromJson_RoundTrip_AppliesSameTransform()
    {
        using var train = PreprocessingReference.Tensor("train");
        using var test = PreprocessingReference.Tensor("test");
        using var scaler = new Standardizer().Fit(train);
        using var restored = Standardizer.FromJson(scaler.ToJson());
        using var a = scaler.Transform(test);
        using var b = restored.Transform(test);
        Assert.True(a.allclose(b, rtol: 0, atol: 0));
        using var back = restored.InverseTransform(b);
        Assert.True(back.allclose(test, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void Transform_NotFitted_Throws()
    {
        using var scaler = new Standardizer();
        var e = Assert.Throws<InvalidOperationException>(() => scaler.Transform(torch.zeros(2, 3)));
        Assert.Contains("not fitted", e.Message);
    }

    [Fact]
    public void Transform_WrongShape_ThrowsNamingShapes()
    {
        using var scaler = new Standardizer().Fit(torch.rand(5, 3));
        var e = Assert.Throws<ArgumentException>(() => scaler.Transform(torch.zeros(2, 4)));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("[2, 4]", e.Message);
        Assert.Contains("[1, 3]", e.Message);
    }

    [Fact]
    public void FromJson_Garbage_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => Standardizer.FromJson("{\"Axes\":0,\"Mean\":{\"Shape\":[1,2],\"Values\":[1]},\"Std\":{\"Shape\":[1,2],\"Values\":[1]}}"));
        Assert.Throws<FormatException>(() => Standardizer.FromJson("not json"));
    }
}
