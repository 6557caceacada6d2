using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Tests.Layers;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Models;

/// <summary>
/// Custom layers in JSON descriptions: read only when the application registers them by name; any other type name is
/// refused before anything is created (model files are untrusted input).
/// </summary>
public class CustomLayerJsonTests
{
    private static LayerRegistry Registry() => new LayerRegistry()
        .Register<Square>().Register<FeatureScale>()
        .Register(CustomLayerTests.Projection).Register(CustomLayerTests.MeanOverParticles);

    [Fact]
    public void FromJson_RegisteredSubclassesAndLambdas_RoundTrip()
    {
        using var model = CustomLayerTests.Stack().Build(seed: 1);
        string json = model.DescribeAsJson();
        Assert.Contains("\"type\": \"FeatureScale\"", json);
        Assert.Contains("\"offset\": 0.5", json);
        Assert.Contains("\"function\": \"projection\"", json);

        using var rebuilt = Model.FromJson(json, Registry(), seed: 2);
        Assert.Equal(json, rebuilt.DescribeAsJson());
        Assert.Equal(model.named_parameters().Select(p => p.name), rebuilt.named_parameters().Select(p => p.name));
        var scale = (FeatureScale)rebuilt.Description.Layers.Single(l => l is FeatureScale);
        Assert.Equal(new FeatureScale(0.5, Regularizer.L2(0.1)) { Name = "feature_scale" }, scale);
        HandWrittenEquivalenceTests.CopyParameters(model, rebuilt);
        using var x = randn(2, 6, 4, generator: new Generator(7));
        Assert.True(model.forward(x).allclose(rebuilt.forward(x)));
        // The registered Lambda keeps its regularizer: the rebuilt model's penalty equals the original's.
        Assert.True(model.RegularizationLoss()!.allclose(rebuilt.RegularizationLoss()!));
    }

    [Fact]
    public void FromJson_UnregisteredSubclass_IsRefusedNamingTypeAndRegistration()
    {
        string json = new Sequential { new Input(4), new Square { Name = "sq" } }.Describe().ToJson();
        var e = Assert.Throws<ModelBuildException>(() => Model.FromJson(json));
        Assert.Equal("The model description names the layer type 'Square' (layer 'sq'), which is not registered: a description is " +
            "read only into the library's layers and the types the application registers. If 'Square' is your layer, register it: " +
            "new LayerRegistry().Register<Square>(), and pass the registry to Model.FromJson(json, registry).", e.Message);
        // Registering another type does not let it in either.
        Assert.Throws<ModelBuildException>(() => ModelDescription.FromJson(json, new LayerRegistry().Register<FeatureScale>()));
    }

    [Fact]
    public void FromJson_UnregisteredLambda_IsRefusedNamingTheFunction()
    {
        string json = new Sequential { new Input(6, 4), CustomLayerTests.MeanOverParticles }.Describe().ToJson();
        var e = Assert.Throws<ModelBuildException>(() => Model.FromJson(json, new LayerRegistry().Register(CustomLayerTests.Projection)));
        Assert.Equal("The model description has a Lambda (layer 'lambda') with the function 'mean_over_particles', which is not " +
            "registered: a function cannot be stored in JSON, so the application registers each Lambda by name: " +
            "new LayerRegistry().Register(new Lambda(\"mean_over_particles\", ...)), and passes the registry to Model.FromJson(json, registry).", e.Message);
    }

    [Theory]
    [InlineData("System.IO.FileInfo")]
    [InlineData("System.Diagnostics.Process, System")]
    [InlineData("DeepLearning.Torch.Tests.Models.Tripwire")]
    [InlineData("Tripwire")]
    public void FromJson_ArbitraryTypeName_IsRefusedWithoutCreatingIt(string type)
    {
        string json = new Sequential { new Input(4), new Dense(2) }.Describe().ToJson()
            .Replace("\"type\": \"Dense\"", $"\"type\": \"{type}\", \"fileName\": \"/etc/passwd\"");
        // Tripwire's constructor throws: a ModelBuildException (not its exception) shows that it was never created.
        var e = Assert.Throws<ModelBuildException>(() => ModelDescription.FromJson(json, Registry()));
        Assert.StartsWith($"The model description names the layer type '{type}' (layer 'dense'), which is not registered", e.Message);
        Assert.Contains(type.Contains('.') || type.Contains(',') ? "Register<YourLayer>()" : "Register<Tripwire>()", e.Message);
    }

    [Fact]
    public void Register_ClashesAndLambdaType_AreRefused()
    {
        var registry = new LayerRegistry();
        Assert.Contains("Dense", registry.TypeNames);
        registry.Register<Dense>();   // the same type again: no effect
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(() => registry.Register<Clash.Dense>()).Message);
        Assert.Contains("register each Lambda", Assert.Throws<ArgumentException>(() => registry.Register<Lambda>()).Message);
        registry.Register(CustomLayerTests.Projection).Register(CustomLayerTests.Projection);
        var other = new Lambda("projection", t => t.neg());
        Assert.Contains("Another Lambda", Assert.Throws<ArgumentException>(() => registry.Register(other)).Message);
    }

    [Fact]
    public void ToJson_NewLayers_RoundTripWithTheirOptions()
    {
        var particles = Input.Create("particles", 8, 4);
        var h = new TimeDistributed(new Dense(6, Activation.Gelu)).Call(particles);
        h = new LayerNormalization(epsilon: 1e-4, center: false).Call(h);
        h = new Activation(ActivationKind.Softmax) { Axis = -1 }.Call(h);
        var pooled = new GlobalMaxPooling1D().Call(h);
        var image = Input.Create("image", 2, 9, 12);
        var c = new Conv2D(3, (3, 5), strides: (1, 2), activation: Activation.Swish).Call(image);
        c = new MaxPooling2D((1, 2), strides: (1, 1)).Call(c);
        var columns = new GlobalAveragePooling1D(axis: 1).Call(new Reshape(3, -1).Call(c));
        var output = new Dense(1).Call(new Concatenate().Call(pooled, columns));
        using var model = Model.FromGraph([particles, image], output, name: "new_layers", seed: 3);
        string json = model.DescribeAsJson();
        Assert.Contains("\"kernel\": [\n", json.Replace("\r", ""));
        Assert.Contains("\"axis\": -1", json);
        using var rebuilt = Model.FromJson(json, seed: 4);
        Assert.Equal(json, rebuilt.DescribeAsJson());
        Assert.Equal(model.named_parameters().Select(p => p.name), rebuilt.named_parameters().Select(p => p.name));
        Assert.Contains("time_distributed.layer.weight", model.named_parameters().Select(p => p.name));
        Assert.DoesNotContain("layer_normalization.bias", model.named_parameters().Select(p => p.name));
        HandWrittenEquivalenceTests.CopyParameters(model, rebuilt);
        using var x1 = randn(2, 8, 4, generator: new Generator(1));
        using var x2 = randn(2, 2, 9, 12, generator: new Generator(2));
        Assert.True(model.Forward(x1, x2)[0].allclose(rebuilt.Forward(x1, x2)[0]));
    }
}

/// <summary>Holds a layer type whose short name clashes with the library's Dense.</summary>
public static class Clash
{
    /// <summary>Another layer type named Dense.</summary>
    public sealed record Dense : Layer
    {
        protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => inputs[0];

        protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
            throw new InvalidOperationException("never built");
    }
}

/// <summary>A layer type that must never be created from a description: its constructor throws.</summary>
public sealed record Tripwire : Layer
{
    public Tripwire() => throw new InvalidOperationException("Tripwire was created from a model description.");

    protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => inputs[0];

    protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) =>
        throw new InvalidOperationException("never built");
}
