using DeepLearning.Torch.Evaluation;
using Xunit;

namespace DeepLearning.Torch.Tests.Evaluation;

public class ValidationTests
{
    [Fact]
    public void RocCurve_DifferentLengths_ThrowsNamingScores()
    {
        var ex = Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 1, 1], [0.1, 0.2]));
        Assert.Equal("scores", ex.ParamName);
        Assert.Contains("Expected 3 values (the length of 'labels'), got 2", ex.Message);
    }

    [Fact]
    public void RocCurve_WeightsOfDifferentLength_ThrowsNamingWeights()
    {
        var ex = Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 1], [0.1, 0.2], [1.0]));
        Assert.Equal("weights", ex.ParamName);
    }

    [Fact]
    public void RocCurve_Empty_ThrowsNamingLabels()
    {
        var ex = Assert.Throws<ArgumentException>(() => RocCurve.Compute([], Array.Empty<double>()));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void RocCurve_NaNScore_ThrowsNamingScores()
    {
        var ex = Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 1], [0.1, double.NaN]));
        Assert.Equal("scores", ex.ParamName);
        Assert.Contains("got NaN at index 1", ex.Message);
    }

    [Fact]
    public void RocCurve_LabelOutsideBinaryClasses_ThrowsNamingLabels()
    {
        var ex = Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 2], [0.1, 0.2]));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("got 2 at index 1", ex.Message);
    }

    [Fact]
    public void RocCurve_SingleClass_ThrowsAucUndefined()
    {
        var ex = Assert.Throws<ArgumentException>(() => RocCurve.Compute([1, 1], [0.1, 0.2]));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("Only one class present", ex.Message);
        var onlyBackground = Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 0], [0.1, 0.2]));
        Assert.Contains("no signal", onlyBackground.Message);
    }

    [Fact]
    public void RocCurve_SignalEfficiencyOutOfRange_ThrowsNamingIt()
    {
        var roc = RocCurve.Compute([0, 1], [0.1, 0.2]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => roc.BackgroundRejectionAt(1.5));
        Assert.Equal("signalEfficiency", ex.ParamName);
        Assert.Equal("maxFpr", Assert.Throws<ArgumentOutOfRangeException>(() => roc.PartialAuc(0)).ParamName);
    }
}
