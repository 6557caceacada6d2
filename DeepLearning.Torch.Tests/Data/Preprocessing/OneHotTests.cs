using DeepLearning.Torch.Data.Preprocessing;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Data.Preprocessing;

public class OneHotTests
{
    [Fact]
    public void Transform_MatchesSklearnOneHotEncoder()
    {
        long[] labels = PreprocessingReference.Get("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        using var expected = PreprocessingReference.Tensor("onehot").to_type(torch.ScalarType.Float32);
        var encoder = new OneHot().Fit(torch.tensor(labels));
        Assert.Equal(5, encoder.NumClasses);
        using var actual = encoder.Transform(torch.tensor(labels));
        Assert.True(actual.allclose(expected));
        Assert.Equal(labels, encoder.InverseTransform(actual).data<long>().ToArray());
        Assert.Equal(5, OneHot.FromJson(encoder.ToJson()).NumClasses);
    }

    [Fact]
    public void Transform_LabelOutOfRange_ThrowsNamingLabelAndIndex()
    {
        var encoder = new OneHot(3);
        var e = Assert.Throws<ArgumentException>(() => encoder.Transform(torch.tensor(new long[] { 0, 2, 3, 1 })));
        Assert.Contains("Label 3 at index 2 is outside 0..2", e.Message);
    }

    [Fact]
    public void Transform_FloatLabels_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new OneHot(3).Transform(torch.zeros(3)));
        Assert.Contains("Expected integer labels", e.Message);
    }
}
