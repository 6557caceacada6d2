using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Models;

public class FunctionalGraphTests
{
    /// <summary>Two inputs (an image and high-level features), a residual Add, a Concatenate, two outputs.</summary>
    internal static Model TwoInputTagger(long seed = 1)
    {
        var image = Input.Create("image", 1, 12, 12);
        var features = Input.Create("features", 6);
        var c1 = new Conv2D(4, 3, padding: PaddingMode.Same, activation: Activation.Relu).Call(image);
        var c2 = new Conv2D(4, 3, padding: PaddingMode.Same).Call(c1);
        var residual = new Add().Call(c1, c2);
        var pooled = new GlobalAveragePooling2D().Call(new Activation(ActivationKind.Relu).Call(residual));
        var dense = new Dense(8, Activation.Relu).Call(features);
        var joined = new Concatenate().Call(pooled, dense);
        var score = new Dense(1, Activation.Sigmoid) { Name = "score" }.Call(joined);
        var energy = new Dense(1) { Name = "energy" }.Call(joined);
        return Model.FromGraph([image, features], [score, energy], name: "tagger", seed: seed);
    }

    [Fact]
    public void FromGraph_TwoInputsResidualConcatenate_InfersShapes()
    {
        using var model = TwoInputTagger();
        Assert.Equal(new[] { new Shape(1, 12, 12), new Shape(6) }, model.InputShapes);
        Assert.Equal(new[] { new Shape(1), new Shape(1) }, model.OutputShapes);
        Assert.Equal(new Shape(12), model.Layers.Single(l => l.Layer is Concatenate).OutputShape);
        // conv 1*4*9+4, conv 4*4*9+4, dense 6*8+8, score 12+1, energy 12+1
        Assert.Equal(40 + 148 + 56 + 13 + 13, model.TrainableParameterCount);
        string summary = model.Summary();
        Assert.Contains("Connected to", summary);
        Assert.Contains("conv2d, conv2d_1", summary);   // the Add reads both convolutions
    }

    [Fact]
    public void Forward_TwoInputGraph_GivesShapesAndGradientsForEveryParameter()
    {
        using var model = TwoInputTagger();
        using var image = randn(5, 1, 12, 12, generator: new Generator(2));
        using var features = randn(5, 6, generator: new Generator(3));
        var outputs = model.Forward(image, features);
        Assert.Equal(new long[] { 5, 1 }, outputs[0].shape);
        Assert.Equal(new long[] { 5, 1 }, outputs[1].shape);
        Assert.True(outputs[0].ge(0).all().item<bool>() && outputs[0].le(1).all().item<bool>());
        using var loss = outputs[0].sum().add(outputs[1].square().sum());
        loss.backward();
        foreach (var (name, parameter) in model.named_parameters())
        {
            Assert.NotNull(parameter.grad);
            float magnitude = parameter.grad!.abs().sum().item<float>();
            // The magnitude in the message tells a dead path (0) from a non-finite gradient (NaN) if this ever fails.
            Assert.True(magnitude > 0, $"no gradient reaches {name}: sum of |grad| = {magnitude}, oneDNN ISA limit {TorchRuntime.OneDnnInstructionSetLimit ?? "none"}");
        }
        foreach (var o in outputs) o.Dispose();
    }

    [Fact]
    public void Forward_SharedLayer_UsesOneSetOfWeights()
    {
        var a = Input.Create("a", 4);
        var b = Input.Create("b", 4);
        var shared = new Dense(3) { Name = "shared" };
        var distance = new Subtract().Call(shared.Call(a), shared.Call(b));
        using var model = Model.FromGraph([a, b], distance, seed: 4);
        Assert.Equal(15, model.TrainableParameterCount);
        using var x = randn(2, 4, generator: new Generator(1));
        var y = model.Forward(x, x)[0];
        Assert.Equal(0f, y.abs().max().item<float>());
        Assert.Contains("shared@1", model.Summary());
    }

    [Fact]
    public void Forward_WrongInputShape_NamesLayerExpectedAndReceived()
    {
        using var model = LectureModelsTests.CifarStridedCnn().Build(seed: 1);
        using var x = zeros(2, 3, 28, 28);
        var e = Assert.Throws<ArgumentException>(() => model.forward(x));
        Assert.Contains("layer 'input' (Input)", e.Message);
        Assert.Contains("(N, 3, 32, 32)", e.Message);
        Assert.Contains("(2, 3, 28, 28)", e.Message);
    }

    [Fact]
    public void ForwardSingle_OnTwoInputModel_SaysToUseForward()
    {
        using var model = TwoInputTagger();
        using var x = zeros(1, 6);
        var e = Assert.Throws<InvalidOperationException>(() => model.forward(x));
        Assert.Contains("2 inputs and 2 outputs", e.Message);
    }

    [Fact]
    public void Build_SameSeed_GivesIdenticalWeights_DifferentSeedDiffers()
    {
        using var a = TwoInputTagger(seed: 9);
        using var b = TwoInputTagger(seed: 9);
        using var c = TwoInputTagger(seed: 10);
        var pa = a.parameters().ToArray();
        var pb = b.parameters().ToArray();
        var pc = c.parameters().ToArray();
        for (int i = 0; i < pa.Length; i++) Assert.True(pa[i].equal(pb[i]).all().item<bool>());
        Assert.Contains(Enumerable.Range(0, pa.Length), i => !pa[i].allclose(pc[i]));
    }

    [Fact]
    public void Model_IsAnOrdinaryTorchSharpModule_WithReadableNames_AndSaveLoad()
    {
        using var model = LectureModelsTests.CifarFullyConnected().Build(seed: 2);
        Assert.Equal(new[] { "dense.weight", "dense.bias", "dense_1.weight", "dense_1.bias", "dense_2.weight", "dense_2.bias" },
            model.named_parameters().Select(p => p.name));
        nn.Module<Tensor, Tensor> plain = model;   // usable wherever TorchSharp expects a module
        string path = Path.Combine(Path.GetTempPath(), $"dlt-{Guid.NewGuid():N}.bin");
        try
        {
            plain.save(path);
            using var other = LectureModelsTests.CifarFullyConnected().Build(seed: 99);
            other.load(path);
            model.eval();
            other.eval();
            using var x = randn(3, 3, 32, 32, generator: new Generator(1));
            Assert.True(model.forward(x).allclose(other.forward(x)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
