using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>Layers on (particles, features) samples: Dense on the last axis, TimeDistributed, 1D global pooling, Activation.Axis.</summary>
public class AnyRankLayerTests
{
    [Fact]
    public void Dense_OnParticles_MapsTheLastAxis()
    {
        using var model = new Sequential { new Input(30, 4), new Dense(16, Activation.Relu), new Dropout(0.1), new Activation(ActivationKind.Tanh), new Dense(8) }.Build(seed: 1);
        Assert.Equal(new Shape(30, 8), model.OutputShapes[0]);
        Assert.Equal(4 * 16 + 16 + 16 * 8 + 8, model.TrainableParameterCount);
        Assert.Contains("(None, 30, 16)", model.Summary());
        model.train();
        using var x = randn(2, 30, 4, generator: new Generator(1));
        Assert.Equal(new long[] { 2, 30, 8 }, model.forward(x).shape);
    }

    [Fact]
    public void TimeDistributedDense_EqualsDenseOnTheLastAxis()
    {
        using var plain = new Sequential { new Input(5, 3), new Dense(4) }.Build(seed: 1);
        using var wrapped = new Sequential { new Input(5, 3), new TimeDistributed(new Dense(4)) }.Build(seed: 2);
        var source = plain.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
        {
            foreach (var (name, parameter) in wrapped.named_parameters()) parameter.copy_(source[name.Replace("time_distributed.layer", "dense")]);
        }
        using var x = randn(2, 5, 3, generator: new Generator(3));
        Assert.True(plain.forward(x).allclose(wrapped.forward(x), rtol: 1e-6, atol: 1e-7));
    }

    [Fact]
    public void TimeDistributedConv2D_EqualsTheConvolutionOfEachStep()
    {
        using var model = new Sequential { new Input(4, 1, 6, 6), new TimeDistributed(new Conv2D(2, 3)) { Name = "td" } }.Build(seed: 1);
        Assert.Equal(new Shape(4, 2, 4, 4), model.OutputShapes[0]);
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using var x = randn([3, 4, 1, 6, 6], generator: new Generator(5));
        using var y = model.forward(x);
        for (int step = 0; step < 4; step++)
        {
            using var expected = F.conv2d(x.select(1, step), p["td.layer.weight"], p["td.layer.bias"]);
            Assert.True(y.select(1, step).allclose(expected, rtol: 1e-5, atol: 1e-6), $"step {step}");
        }
    }

    [Fact]
    public void TimeDistributed_ErrorsNameWrapperAndWrappedLayer()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(4, 1, 2, 2), new TimeDistributed(new Conv2D(2, 3)) { Name = "td" } }.Build());
        Assert.StartsWith("Layer 'td' (TimeDistributed), wrapped Conv2D: kernel height 3 is larger than the input size 2", e.Message);
        Assert.Contains("expects samples of shape (steps, ...)", Assert.Throws<ModelBuildException>(() => new TimeDistributed(new Dense(2)).Call(Input.Create(4))).Message);
        Assert.Contains("wraps a single-input layer; got Add", Assert.Throws<ModelBuildException>(() => new TimeDistributed(new Add()).Call(Input.Create(4, 3))).Message);
    }

    [Fact]
    public void GlobalPooling1D_PoolsParticlesByDefault_AndColumnsWithAxis1()
    {
        using var x = arange(24, dtype: float32).reshape(2, 4, 3);
        using (var mean = new Sequential { new Input(4, 3), new GlobalAveragePooling1D() }.Build())
        using (var max = new Sequential { new Input(4, 3), new GlobalMaxPooling1D() }.Build())
        using (var columns = new Sequential { new Input(4, 3), new GlobalMaxPooling1D(axis: 1) }.Build())
        {
            Assert.Equal(new Shape(3), mean.OutputShapes[0]);
            Assert.Equal(new float[] { 4.5f, 5.5f, 6.5f, 16.5f, 17.5f, 18.5f }, mean.forward(x).data<float>().ToArray());
            Assert.Equal(new float[] { 9, 10, 11, 21, 22, 23 }, max.forward(x).data<float>().ToArray());
            Assert.Equal(new Shape(4), columns.OutputShapes[0]);
            Assert.Equal(new float[] { 2, 5, 8, 11, 14, 17, 20, 23 }, columns.forward(x).data<float>().ToArray());
        }
        var e = Assert.Throws<ModelBuildException>(() => new GlobalAveragePooling1D().Call(Input.Create(3, 4, 4)));
        Assert.Contains("expects input of shape (steps, features), or (channels, length) with axis 1 (batch excluded), got (3, 4, 4)", e.Message);
    }

    [Fact]
    public void ActivationAxis_SoftmaxOverFeaturesOrParticles()
    {
        using var x = randn(2, 5, 3, generator: new Generator(9));
        using (var features = new Sequential { new Input(5, 3), Activation.Softmax with { Axis = -1 } }.Build())
        using (var channels = new Sequential { new Input(5, 3), Activation.Softmax }.Build())
        {
            Assert.True(features.forward(x).sum([2]).allclose(ones(2, 5)));
            Assert.True(channels.forward(x).sum([1]).allclose(ones(2, 3)));
        }
        Assert.Contains("axis 2 is out of range for input (5, 3)", Assert.Throws<ModelBuildException>(() => (Activation.Softmax with { Axis = 2 }).Call(Input.Create(5, 3))).Message);
    }

    [Fact]
    public void PReluInDense_OnParticles_HasOneSlopePerUnit()
    {
        using var model = new Sequential { new Input(5, 3), new Dense(4, Activation.PRelu(0.1)) }.Build(seed: 1);
        var slopes = model.named_parameters().Single(p => p.name == "dense.activation.weight").parameter;
        Assert.Equal(new long[] { 4 }, slopes.shape);
        using var x = randn(2, 5, 3, generator: new Generator(2));
        var p = model.named_parameters().ToDictionary(q => q.name, q => q.parameter);
        using var z = F.linear(x, p["dense.weight"], p["dense.bias"]);
        using var expected = z.clamp_min(0).add(z.clamp_max(0).mul(0.1));
        Assert.True(model.forward(x).allclose(expected, rtol: 1e-6, atol: 1e-7));
    }

    [Fact]
    public void Conv2D_RectangularOptions_GiveKerasShapes()
    {
        using var model = new Sequential { new Input(1, 8, 20), new Conv2D(4, (3, 5), strides: (1, 2), padding: PaddingMode.Same), new MaxPooling2D((2, 1)) }.Build();
        Assert.Equal(new Shape(4, 4, 10), model.OutputShapes[0]);
        Assert.Equal(4 * 15 + 4, model.TrainableParameterCount);
        Assert.Contains("kernel must be positive, got (3, 0)", Assert.Throws<ModelBuildException>(() => new Conv2D(1, (3, 0)).Call(Input.Create(1, 8, 8))).Message);
        Assert.Contains("strides > 1 together with dilation > 1", Assert.Throws<ModelBuildException>(() => new Conv2D(1, 3, strides: (1, 2), dilation: 2).Call(Input.Create(1, 8, 8))).Message);
    }
}
