using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Tests.Models;

/// <summary>Built models compute exactly what the same network written by hand in TorchSharp computes.</summary>
public class HandWrittenEquivalenceTests
{
    [Fact]
    public void Forward_CifarStridedCnn_EqualsHandWrittenTorchSharp()
    {
        using var model = LectureModelsTests.CifarStridedCnn().Build(seed: 3);
        model.eval();
        using var reference = nn.Sequential(
            ("conv2d", nn.Conv2d(3, 32, 5, stride: 2)), ("r1", nn.ReLU()),
            ("conv2d_1", nn.Conv2d(32, 64, 5, stride: 2)), ("r2", nn.ReLU()),
            ("conv2d_2", nn.Conv2d(64, 128, 5, stride: 2)), ("r3", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("dense", nn.Linear(128, 128)), ("r4", nn.ReLU()),
            ("dense_1", nn.Linear(128, 10)), ("softmax", nn.Softmax(1)));
        reference.eval();
        CopyParameters(model, reference);
        using var x = randn(4, 3, 32, 32, generator: new Generator(7));
        using var expected = reference.forward(x);
        using var actual = model.forward(x);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Forward_SameStridedConvolution_PadsLikeKeras()
    {
        // Keras 'same' with stride 2 on 8x8 and kernel 4: total padding 2 = 1 top/left + 1 bottom/right;
        // on 7x7 and kernel 2: total 1, all of it bottom/right (TensorFlow's rule).
        foreach (var (size, kernel, padTop, padBottom) in new[] { (8, 4, 1, 1), (7, 2, 0, 1), (7, 4, 1, 2) })
        {
            using var model = new Sequential { new Input(2, size, size), new Conv2D(3, kernel, strides: 2, padding: PaddingMode.Same) }.Build(seed: 1);
            var weight = model.named_parameters().Single(p => p.name == "conv2d.weight").parameter;
            var bias = model.named_parameters().Single(p => p.name == "conv2d.bias").parameter;
            using var x = randn(2, 2, size, size, generator: new Generator(5));
            using var padded = F.pad(x, [padTop, padBottom, padTop, padBottom]);
            using var expected = F.conv2d(padded, weight, bias, strides: [2, 2]);
            using var actual = model.forward(x);
            Assert.Equal(new long[] { 2, 3, (size + 1) / 2, (size + 1) / 2 }, actual.shape);
            Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), $"size {size}, kernel {kernel}");
        }
    }

    [Fact]
    public void Forward_BatchNormalizationKerasPreset_UsesKerasMomentumAndEpsilon()
    {
        using var model = new Sequential(preset: InitPreset.Keras) { new Input(4), new BatchNormalization() }.Build(seed: 1);
        model.train();
        using var x = randn(16, 4, generator: new Generator(11)).mul(3).add(2);
        using var y = model.forward(x);
        using var expected = F.batch_norm(x, zeros(4), ones(4), ones(4), zeros(4), training: true, momentum: 0.01, eps: 1e-3);
        Assert.True(y.allclose(expected, rtol: 1e-5, atol: 1e-6));
        var runningMean = model.named_buffers().Single(b => b.name == "batch_normalization.running_mean").buffer;
        using var batchMean = x.mean([0]);
        Assert.True(runningMean.allclose(batchMean.mul(0.01), rtol: 1e-5, atol: 1e-7));
        Assert.Equal(8, model.NonTrainableParameterCount);   // running mean and variance, as Keras counts them
        Assert.Equal(8, model.TrainableParameterCount);
    }

    internal static void CopyParameters(nn.Module from, nn.Module to)
    {
        var source = from.state_dict();
        var target = to.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, tensor) in target)
        {
            Assert.True(source.ContainsKey(name), $"built model lacks parameter '{name}'; it has {string.Join(", ", source.Keys)}");
            tensor.copy_(source[name]);
        }
    }
}
