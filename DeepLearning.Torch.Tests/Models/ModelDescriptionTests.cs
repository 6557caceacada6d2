using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Models;

public class ModelDescriptionTests
{
    [Fact]
    public void ToJson_FromJson_RoundTripsEveryLayerAndOption()
    {
        var image = Input.Create("image", 3, 16, 16);
        var x = new Conv2D(8, 3, strides: 2, padding: PaddingMode.Same, dilation: 1, groups: 1, activation: Activation.LeakyRelu(0.2),
            kernelInitializer: Initializer.HeNormal, biasInitializer: Initializer.Constant(0.1),
            kernelRegularizer: Regularizer.L1L2(0.01, 0.02), biasRegularizer: Regularizer.L2(0.5)).Call(image);
        x = new BatchNormalization(momentum: 0.95, epsilon: 1e-4).Call(x);
        x = new DepthwiseConv2D(3, padding: PaddingMode.Same, depthMultiplier: 2, activation: Activation.PRelu(0.1)).Call(x);
        x = new SeparableConv2D(8, 3, padding: PaddingMode.Same, activation: Activation.Elu).Call(x);
        x = new ResidualBlock(8).Call(x);
        x = new InceptionBlock(4, 4, 4, poolProjection: 2, reduce3x3: 2, reduce5x5: 2).Call(x);
        var left = new MaxPooling2D(2).Call(x);
        var right = new AveragePooling2D(2, padding: PaddingMode.Same).Call(x);
        var merged = new Multiply().Call(left, right);
        var flat = new Flatten().Call(new AlphaDropout(0.1).Call(new Activation(ActivationKind.Selu).Call(merged)));
        var seq = new Reshape(14, -1).Call(flat);
        var conv1 = new Conv1D(4, 3, padding: PaddingMode.Same).Call(seq);
        var pooled = new GlobalMaxPooling2D().Call(new Reshape(4, 4, -1).Call(conv1));
        var out1 = new Dense(2, Activation.Softmax, kernelInitializer: Initializer.LecunUniform).Call(new Dropout(0.2).Call(pooled));
        using var model = Model.FromGraph([image], out1, name: "everything", preset: InitPreset.Keras, seed: 5);

        string json = model.DescribeAsJson();
        ModelDescription back = ModelDescription.FromJson(json);
        Assert.Equal(json, back.ToJson());
        using var rebuilt = Model.Build(back, seed: 6);
        Assert.Equal(model.TrainableParameterCount, rebuilt.TrainableParameterCount);
        Assert.Equal(model.named_parameters().Select(p => p.name), rebuilt.named_parameters().Select(p => p.name));
        HandWrittenEquivalenceTests.CopyParameters(model, rebuilt);
        model.eval();
        rebuilt.eval();
        using var input = randn(2, 3, 16, 16, generator: new Generator(1));
        Assert.True(model.forward(input).allclose(rebuilt.forward(input), rtol: 1e-5, atol: 1e-6));
        Assert.Contains("\"type\": \"ResidualBlock\"", json);
        // The keys of a convolution keep the order of earlier versions, so checkpoints' descriptions still compare equal.
        Assert.Matches("\"type\": \"Conv2D\",\\s+\"filters\": 8,\\s+\"kernel\": 3,\\s+\"strides\": 2,\\s+\"padding\": \"Same\",\\s+\"dilation\": 1,\\s+\"groups\": 1,\\s+\"activation\"", json);
        Assert.Contains("\"l1Factor\": 0.01", json);
    }

    [Fact]
    public void FromJson_Garbage_ThrowsModelBuildException()
    {
        var e = Assert.Throws<ModelBuildException>(() => ModelDescription.FromJson("{ \"name\": 3"));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void FromJson_NewerFormat_IsRejected()
    {
        string json = new Sequential { new Input(2), new Dense(1) }.Describe().ToJson().Replace("\"formatVersion\": 1", "\"formatVersion\": 7");
        var e = Assert.Throws<ModelBuildException>(() => ModelDescription.FromJson(json));
        Assert.Contains("format version 7", e.Message);
    }

    [Fact]
    public void FromJson_InvalidLayerOption_NamesTheLayer()
    {
        string json = new Sequential { new Input(2), new Dense(3) { Name = "hidden" } }.Describe().ToJson().Replace("\"units\": 3", "\"units\": 0");
        var e = Assert.Throws<ModelBuildException>(() => Model.FromJson(json));
        Assert.Contains("units must be positive", e.Message);
    }
}
