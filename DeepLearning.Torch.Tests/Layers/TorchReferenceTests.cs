using System.Text.Json;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>
/// Forward and backward of the new layers against PyTorch 1.13 with copied weights, to 1e-5: the reference values come
/// from Fixtures/Layers/make_fixtures.py (layers.json).
/// </summary>
public class TorchReferenceTests
{
    private static readonly JsonElement Cases = FixtureValues.Cases("layers.json");

    [Fact]
    public void LayerNormalization_OnParticles_EqualsTorchLayerNorm() =>
        Check("layer_norm", new LayerNormalization(), ("weight", "layer_normalization.weight"), ("bias", "layer_normalization.bias"));

    [Fact]
    public void LayerNormalization_KerasPreset_UsesEpsilon1e3() =>
        Check("layer_norm_keras_eps", new LayerNormalization(), InitPreset.Keras, ("weight", "layer_normalization.weight"), ("bias", "layer_normalization.bias"));

    [Fact]
    public void Dense_OnRank3Input_EqualsTorchLinearOnLastAxis() =>
        Check("dense_rank3", new Dense(6), ("weight", "dense.weight"), ("bias", "dense.bias"));

    [Fact]
    public void Dense_Rank3WithSoftmax_NormalisesTheUnits() =>
        Check("dense_rank3_softmax", new Dense(5, Activation.Softmax), ("weight", "dense.weight"), ("bias", "dense.bias"));

    [Fact]
    public void Gelu_EqualsTorchGelu() => Check("gelu", Activation.Gelu);

    [Fact]
    public void Swish_EqualsTorchSilu() => Check("swish", Activation.Swish);

    [Fact]
    public void Conv2D_RectangularKernelAndStrides_EqualsTorchConv2d() =>
        Check("conv2d_rect", new Conv2D(3, (3, 5), strides: (1, 2)), ("weight", "conv2d.weight"), ("bias", "conv2d.bias"));

    [Fact]
    public void MaxPooling2D_RectangularWindow_EqualsTorchMaxPool() => Check("max_pool_rect", new MaxPooling2D((1, 2)));

    [Fact]
    public void AveragePooling2D_RectangularWindowAndStrides_EqualsTorchAvgPool() =>
        Check("avg_pool_rect", new AveragePooling2D((2, 3), strides: (2, 1)));

    private static void Check(string name, Layer layer, params (string Fixture, string Parameter)[] weights) =>
        Check(name, layer, InitPreset.Torch, weights);

    /// <summary>
    /// Builds Input + <paramref name="layer"/>, copies the fixture's weights, runs the input, back-propagates the
    /// fixture's upstream gradient and compares output and every gradient with PyTorch's.
    /// </summary>
    private static void Check(string name, Layer layer, InitPreset preset, params (string Fixture, string Parameter)[] weights)
    {
        JsonElement c = Cases.GetProperty(name);
        long[] inputShape = Shape(c, "input");
        using var model = new Sequential(preset: preset) { new Input(inputShape.Skip(1).Select(d => (int)d).ToArray()), layer }.Build(seed: 1);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(weights.Select(w => w.Parameter).Order(), parameters.Keys.Order());
        using (no_grad())
        {
            foreach (var (fixture, parameter) in weights)
            {
                using var value = Values(c, fixture, Shape(c, fixture));
                parameters[parameter].copy_(value);
            }
        }
        using var x = Values(c, "input", inputShape).requires_grad_(true);
        using var y = model.forward(x);
        Assert.Equal(Shape(c, "output"), y.shape);
        using var upstream = Values(c, "upstream", y.shape);
        using var loss = y.mul(upstream).sum();
        loss.backward();
        AssertClose(c, "output", y);
        AssertClose(c, "input_grad", x.grad!);
        foreach (var (fixture, parameter) in weights) AssertClose(c, fixture + "_grad", parameters[parameter].grad!);
    }

    private static void AssertClose(JsonElement c, string key, Tensor actual) => FixtureValues.AssertClose(c.GetProperty(key), actual, key);

    private static long[] Shape(JsonElement c, string key) =>
        c.GetProperty(key + "_shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();

    private static Tensor Values(JsonElement c, string key, long[] shape) => FixtureValues.Values(c.GetProperty(key), shape);
}
