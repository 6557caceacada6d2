using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Xunit;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>Every build-time error names the layer and the shapes or option at fault.</summary>
public class LayerErrorTests
{
    [Fact]
    public void Add_DifferentShapes_NamesLayerAndShapes()
    {
        var a = Input.Create("a", 64);
        var b = Input.Create("b", 32);
        var e = Assert.Throws<ModelBuildException>(() => new Add { Name = "add_1" }.Call(a, b));
        Assert.Equal("Layer 'add_1' (Add): cannot add shapes (64,) and (32,): all inputs must have the same shape.", e.Message);
    }

    [Fact]
    public void Conv2D_KernelLargerThanInput_NamesLayerKernelAndInput()
    {
        var stack = new Sequential { new Input(3, 8, 8), new Conv2D(4, 5), new Conv2D(4, 5) };
        var e = Assert.Throws<ModelBuildException>(() => stack.Build());
        Assert.Contains("Layer 'conv2d_1' (Conv2D)", e.Message);
        Assert.Contains("kernel height 5 is larger than the input size 4", e.Message);
    }

    [Fact]
    public void Conv2D_DilatedKernelLargerThanInput_SaysDilatedSize()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(1, 6, 6), new Conv2D(1, 3, dilation: 3) }.Build());
        Assert.Contains("kernel height 3 (dilated to 7) is larger than the input size 6", e.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Dropout_RateOutsideUnitInterval_Throws(double rate)
    {
        var e = Refused(new Dropout(rate), 4);
        Assert.Equal($"Dropout: the dropout rate must be in [0, 1), got {rate}.", e.Message);
    }

    [Fact]
    public void Dropout_InvalidRateSetThroughWith_FailsAtBuildNamingLayer()
    {
        var bad = new Dropout(0.2) with { Rate = 1.5, Name = "drop" };
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(4), bad }.Build());
        Assert.Equal("Layer 'drop' (Dropout): the dropout rate must be in [0, 1), got 1.5.", e.Message);
    }

    [Fact]
    public void Dense_ZeroUnits_Throws()
    {
        var e = Refused(new Dense(0), 4);
        Assert.Equal("Dense: units must be positive, got 0.", e.Message);
        var named = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(4), new Dense(0) }.Build());
        Assert.Equal("Layer 'dense' (Dense): units must be positive, got 0.", named.Message);
    }

    [Fact]
    public void Conv2D_OnVector_NamesExpectedRank()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(16), new Conv2D(2, 3) }.Build());
        Assert.Contains("expects input of shape (channels, height, width) (batch excluded), got (16,)", e.Message);
    }

    [Fact]
    public void Conv2D_GroupsNotDividingChannels_Throws()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(3, 8, 8), new Conv2D(4, 3, groups: 2) }.Build());
        Assert.Contains("input channels 3 are not divisible by groups 2", e.Message);
        Assert.Contains("filters 3 is not divisible by groups 2", Refused(new Conv2D(3, 3, groups: 2), 4, 8, 8).Message);
    }

    [Fact]
    public void Conv2D_NonPositiveOptions_NameTheOption()
    {
        Assert.Contains("kernel must be positive, got 0", Refused(new Conv2D(4, 0), 1, 8, 8).Message);
        Assert.Contains("strides must be positive, got -1", Refused(new Conv2D(4, 3, strides: -1), 1, 8, 8).Message);
        Assert.Contains("strides > 1 together with dilation > 1", Refused(new Conv2D(4, 3, strides: 2, dilation: 2), 1, 8, 8).Message);
    }

    [Fact]
    public void Concatenate_MismatchedDimension_NamesShapesAndAxis()
    {
        var a = Input.Create("a", 2, 4, 4);
        var b = Input.Create("b", 2, 5, 4);
        var e = Assert.Throws<ModelBuildException>(() => new Concatenate().Call(a, b));
        Assert.Equal("Concatenate: cannot concatenate shapes (2, 4, 4) and (2, 5, 4) along axis 0: dimension 1 differs.", e.Message);
        Assert.Contains("axis 3 is out of range", Assert.Throws<ModelBuildException>(() => new Concatenate(axis: 3).Call(a, a)).Message);
    }

    [Fact]
    public void Reshape_WrongElementCount_NamesShapes()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(3, 4), new Reshape(5, 2) }.Build());
        Assert.Contains("cannot reshape (3, 4) (12 elements) to (5, 2) (10 elements)", e.Message);
        Assert.Contains("at most one -1", Refused(new Reshape(-1, -1), 4).Message);
    }

    [Fact]
    public void Sequential_WithoutInput_SaysHowToStart()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential("net") { new Dense(3) }.Build());
        Assert.Contains("Sequential 'net': the first layer must be an Input", e.Message);
    }

    [Fact]
    public void Sequential_WithMergeLayer_PointsToFunctionalApi()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(3), new Add() }.Build());
        Assert.Contains("use the functional API", e.Message);
    }

    [Fact]
    public void Subtract_ThreeInputs_SaysHowMany()
    {
        var a = Input.Create("a", 2);
        var e = Assert.Throws<ModelBuildException>(() => new Subtract().Call(a, a, a));
        Assert.Equal("Subtract: takes 2 input(s), got 3.", e.Message);
    }

    [Fact]
    public void FromGraph_DisconnectedOrMissingInput_IsReported()
    {
        var a = Input.Create("a", 2);
        var b = Input.Create("b", 2);
        var y = new Dense(1).Call(a);
        Assert.Contains("input 'b' (2,) is not connected to any output",
            Assert.Throws<ModelBuildException>(() => Model.FromGraph([a, b], y)).Message);
        Assert.Contains("depend on input 'a'", Assert.Throws<ModelBuildException>(() => Model.FromGraph([b], y)).Message);
    }

    [Fact]
    public void FromGraph_DuplicateNames_AreRejected()
    {
        var a = Input.Create("a", 2);
        var y = new Dense(2) { Name = "same" }.Call(new Dense(2) { Name = "same" }.Call(a));
        Assert.Contains("Two different layers are named 'same'", Assert.Throws<ModelBuildException>(() => Model.FromGraph([a], y)).Message);
    }

    [Fact]
    public void SharedLayer_CalledOnDifferentShapes_IsRejected()
    {
        var a = Input.Create("a", 2, 6, 6);
        var b = Input.Create("b", 2, 8, 8);
        var shared = new Conv2D(2, 3) { Name = "shared" };
        var y = new Concatenate().Call(new Flatten().Call(shared.Call(a)), new Flatten().Call(shared.Call(b)));
        Assert.Contains("a shared layer must be called on the same shapes",
            Assert.Throws<ModelBuildException>(() => Model.FromGraph([a, b], y)).Message);
    }

    [Fact]
    public void Regularizer_NegativeFactor_NamesArgument()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Regularizer.L2(-1));
        Assert.Equal("l2", e.ParamName);
    }

    [Fact]
    public void Shape_NonPositiveDimension_Throws()
    {
        Assert.Contains("Every dimension must be positive", Assert.Throws<ArgumentException>(() => new Input(3, 0, 2)).Message);
    }

    [Fact]
    public void BatchNormalization_MomentumOutOfRange_SaysConvention()
    {
        Assert.Contains("momentum must be in [0, 1) (Keras convention), got 1.5",
            Refused(new BatchNormalization(momentum: 1.5), 4).Message);
    }

    [Fact]
    public void Normalization_NonPositiveEpsilon_NamesTheOption()
    {
        Assert.Equal("LayerNormalization: epsilon must be positive and finite, got 0.", Refused(new LayerNormalization(epsilon: 0), 3, 4).Message);
        Assert.Contains("epsilon must be positive and finite, got -1", Refused(new BatchNormalization(epsilon: -1), 4).Message);
    }

    [Fact]
    public void InceptionBlock_NoBranch_Throws()
    {
        Assert.Contains("every branch is empty", Refused(new InceptionBlock(0, 0, 0, pooling: false), 2, 4, 4).Message);
    }

    /// <summary>Options are checked when the layer is applied to an input, not in its constructor.</summary>
    private static ModelBuildException Refused(Layer layer, params int[] inputShape) =>
        Assert.Throws<ModelBuildException>(() => layer.Call(Input.Create(inputShape)));
}
