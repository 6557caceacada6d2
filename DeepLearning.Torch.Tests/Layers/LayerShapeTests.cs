using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>Every layer: the inferred output shape equals a value computed by hand (Keras rules) and the real forward shape.</summary>
public class LayerShapeTests
{
    public static TheoryData<string, Layer, int[], int[], long> Cases => new()
    {
        // name, layer, input sample shape, expected output sample shape, expected parameter count (weights + running stats)
        { "dense", new Dense(7), [5], [7], 5 * 7 + 7 },
        { "dense-nobias", new Dense(7, useBias: false), [5], [7], 35 },
        { "conv1d-valid", new Conv1D(4, 3), [2, 10], [4, 8], 4 * 2 * 3 + 4 },
        { "conv1d-same-strided", new Conv1D(4, 3, strides: 2, padding: PaddingMode.Same), [2, 9], [4, 5], 28 },
        { "conv1d-dilated", new Conv1D(4, 3, dilation: 2), [2, 10], [4, 6], 28 },
        { "conv2d-valid", new Conv2D(6, 3), [3, 10, 12], [6, 8, 10], 6 * 3 * 9 + 6 },
        { "conv2d-same-strided", new Conv2D(6, 5, strides: 2, padding: PaddingMode.Same), [3, 11, 11], [6, 6, 6], 6 * 3 * 25 + 6 },
        { "conv2d-dilated", new Conv2D(6, 3, dilation: 2), [3, 10, 10], [6, 6, 6], 168 },
        { "conv2d-groups", new Conv2D(6, 3, groups: 3, padding: PaddingMode.Same), [3, 8, 8], [6, 8, 8], 6 * 1 * 9 + 6 },
        { "depthwise", new DepthwiseConv2D(3, depthMultiplier: 2), [4, 8, 8], [8, 6, 6], 8 * 9 + 8 },
        { "separable", new SeparableConv2D(5, 3, padding: PaddingMode.Same), [4, 8, 8], [5, 8, 8], 4 * 9 + 4 * 5 + 5 },
        { "maxpool", new MaxPooling2D(2), [3, 9, 9], [3, 4, 4], 0 },
        { "maxpool-same", new MaxPooling2D(2, padding: PaddingMode.Same), [3, 9, 9], [3, 5, 5], 0 },
        { "maxpool-strided", new MaxPooling2D(3, strides: 1), [3, 9, 9], [3, 7, 7], 0 },
        { "avgpool", new AveragePooling2D(3), [3, 9, 9], [3, 3, 3], 0 },
        { "avgpool-same", new AveragePooling2D(2, padding: PaddingMode.Same), [3, 5, 5], [3, 3, 3], 0 },
        { "globalmax", new GlobalMaxPooling2D(), [3, 5, 5], [3], 0 },
        { "globalavg", new GlobalAveragePooling2D(), [3, 5, 5], [3], 0 },
        { "flatten", new Flatten(), [3, 4, 5], [60], 0 },
        { "reshape", new Reshape(6, -1), [3, 4, 5], [6, 10], 0 },
        { "dropout", new Dropout(0.5), [3, 4], [3, 4], 0 },
        { "alphadropout", new AlphaDropout(0.1), [6], [6], 0 },
        { "batchnorm-vector", new BatchNormalization(), [6], [6], 24 },
        { "batchnorm-image", new BatchNormalization(), [3, 4, 4], [3, 4, 4], 12 },
        { "batchnorm-noscale", new BatchNormalization(center: true, scale: false), [3, 4, 4], [3, 4, 4], 9 },
        { "activation", new Activation(ActivationKind.Tanh), [3, 4], [3, 4], 0 },
        { "prelu", Activation.PRelu(), [3, 4, 4], [3, 4, 4], 3 },
        { "residual-identity", new ResidualBlock(4), [4, 8, 8], [4, 8, 8], 2 * (4 * 4 * 9) + 2 * 16 },
        { "residual-projection", new ResidualBlock(8, strides: 2), [4, 8, 8], [8, 4, 4], 4 * 8 * 9 + 8 * 8 * 9 + 4 * 8 + 3 * 32 },
        { "inception", new InceptionBlock(2, 3, 4, poolProjection: 5, reduce3x3: 1, reduce5x5: 1), [3, 6, 6], [14, 6, 6],
            (3 * 2 + 2) + (3 * 1 + 1) + (1 * 3 * 9 + 3) + (3 * 1 + 1) + (1 * 4 * 25 + 4) + (3 * 5 + 5) },
        { "inception-raw-pool", new InceptionBlock(2, 2, 0), [3, 6, 6], [7, 6, 6], 8 + 3 * 2 * 9 + 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_Layer_InfersShapeAndParametersAndForwardAgrees(string name, Layer layer, int[] input, int[] output, long parameters)
    {
        using var model = new Sequential(name) { new Input(input), layer }.Build(seed: 1);
        Assert.Equal(new Shape(output), model.OutputShapes[0]);
        Assert.Equal(parameters, model.TrainableParameterCount + model.NonTrainableParameterCount);
        foreach (bool training in new[] { true, false })
        {
            model.train(training);
            using var x = randn([3, .. input.Select(d => (long)d)], generator: new Generator(2));
            using var y = model.forward(x);
            Assert.Equal(new long[] { 3 }.Concat(output.Select(d => (long)d)), y.shape);
            Assert.False(y.isnan().any().item<bool>(), $"{name}: NaN in the output");
        }
    }

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void Call_MergeLayer_InfersShape(Layer layer, int[] a, int[] b, int[] expected)
    {
        var x = Input.Create("x", a);
        var y = Input.Create("y", b);
        using var model = Model.FromGraph([x, y], layer.Call(x, y), seed: 1);
        Assert.Equal(new Shape(expected), model.OutputShapes[0]);
        using var ta = ones([2, .. a.Select(d => (long)d)]).mul(3);
        using var tb = ones([2, .. b.Select(d => (long)d)]).mul(2);
        using var r = model.Forward(ta, tb)[0];
        Assert.Equal(new long[] { 2 }.Concat(expected.Select(d => (long)d)), r.shape);
    }

    public static TheoryData<Layer, int[], int[], int[]> MergeCases => new()
    {
        { new Add(), [4], [4], [4] },
        { new Subtract(), [2, 3], [2, 3], [2, 3] },
        { new Multiply(), [2, 3, 3], [2, 3, 3], [2, 3, 3] },
        { new Concatenate(), [2, 3, 3], [5, 3, 3], [7, 3, 3] },
        { new Concatenate(axis: -1), [2, 3, 3], [2, 3, 1], [2, 3, 4] },
        { new Concatenate(), [4], [6], [10] },
    };

    [Fact]
    public void Forward_MergeLayers_ComputeElementwiseValues()
    {
        var x = Input.Create("x", 2);
        var y = Input.Create("y", 2);
        using var model = Model.FromGraph([x, y], [new Add().Call(x, y), new Subtract().Call(x, y), new Multiply().Call(x, y)]);
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        var outputs = model.Forward(a, b);
        Assert.Equal(new float[] { 6, 8, 10, 12 }, outputs[0].data<float>().ToArray());
        Assert.Equal(new float[] { -4, -4, -4, -4 }, outputs[1].data<float>().ToArray());
        Assert.Equal(new float[] { 5, 12, 21, 32 }, outputs[2].data<float>().ToArray());
    }
}
