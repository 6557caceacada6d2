using System.Reflection;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>
/// Layers written outside the library (<see cref="Square"/>, <see cref="FeatureScale"/>, Lambdas defined here) build,
/// show in the summary, train, regularize and checkpoint like the library's own.
/// </summary>
public sealed class CustomLayerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("dlt-custom").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    internal static Lambda Projection => Lambda.FromModule("projection", s => nn.Linear(s[-1], 3), s => new Shape([.. s.Dimensions.SkipLast(1), 3])) with { Regularizer = Regularizer.L2(0.01) };

    internal static Lambda MeanOverParticles => new("mean_over_particles", x => x.mean([1]), s => new Shape(s[-1]));

    /// <summary>(6 particles, 4 features) → Dense(5) per particle → x² → per-feature scale → projection to 3 → mean over particles → logit.</summary>
    internal static Sequential Stack() => new("custom")
    {
        new Input(6, 4), new Dense(5), new Square(), new FeatureScale(0.5, Regularizer.L2(0.1)), Projection, MeanOverParticles, new Dense(1),
    };

    [Fact]
    public void SubclassAndLambda_InSequential_ShowInSummaryWithParameterCounts()
    {
        using var model = Stack().Build(seed: 1);
        string summary = model.Summary();
        Assert.Contains("square (Square)", summary);
        Assert.Contains("feature_scale (FeatureScale)", summary);
        Assert.Contains("lambda (Lambda)", summary);
        Assert.Contains("lambda_1 (Lambda)", summary);
        Assert.Contains("(None, 6, 5)", summary);
        var rows = model.Layers.ToDictionary(l => l.Id);
        Assert.Equal(10, rows["feature_scale"].TrainableParameters);
        Assert.Equal(5 * 3 + 3, rows["lambda"].TrainableParameters);
        Assert.Equal(new Shape(3), rows["lambda_1"].OutputShape);
        Assert.Equal(25 + 10 + 18 + 4, model.TrainableParameterCount);
        Assert.Contains("Total params: 57", summary);
        Assert.Contains("lambda.module.weight", model.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void SubclassAndLambda_Regularizers_AddUpInTheModelPenalty()
    {
        using var model = Stack().Build(seed: 1);
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using var expected = p["feature_scale.scale"].square().sum().mul(0.1)
            .add(p["lambda.module.weight"].square().sum().add(p["lambda.module.bias"].square().sum()).mul(0.01));
        using var penalty = model.RegularizationLoss()!;
        Assert.True(penalty.allclose(expected, rtol: 1e-6));
    }

    [Fact]
    public void SubclassAndLambda_TrainAndCheckpoint_LikeBuiltInLayers()
    {
        using var x = randn(64, 6, 4, generator: new Generator(3));
        using var y = x.sum([1, 2]).gt(0).to_type(float32).unsqueeze(1);
        using var data = new TensorDataset(x, y);
        using var model = Stack().Build(seed: 1);
        using var scaleBefore = model.named_parameters().Single(p => p.name == "feature_scale.scale").parameter.detach().clone();
        using var projectionBefore = model.named_parameters().Single(p => p.name == "lambda.module.weight").parameter.detach().clone();
        string path = Path.Combine(dir, "custom.ckpt");
        var trainer = new Trainer(new TrainerOptions
        {
            Epochs = 4, BatchSize = 16, Seed = 5, Device = DeviceSelection.Cpu,
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.02),
            Callbacks = { new ModelCheckpoint(path) },
        });
        History history = trainer.Fit(model, data);
        Assert.True(history.Epochs[^1].Values[MetricKeys.Loss] < history.Epochs[0].Values[MetricKeys.Loss]);
        var trained = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.False(trained["feature_scale.scale"].allclose(scaleBefore), "the subclass's weights did not train");
        Assert.False(trained["lambda.module.weight"].allclose(projectionBefore), "the Lambda's module did not train");

        Assert.Equal(model.DescribeAsJson(), Checkpoint.Inspect(path).ModelDescription);
        using var restored = Stack().Build(seed: 99);
        Checkpoint.LoadWeights(path, restored);
        model.eval();
        restored.eval();
        using var a = model.forward(x);
        using var b = restored.forward(x);
        Assert.True(a.allclose(b), "the checkpoint did not restore the custom layers' weights");
    }

    [Fact]
    public void SubclassAndLambda_InFunctionalGraph_SharedAndMerged_GetGradients()
    {
        var particles = Input.Create("particles", 6, 4);
        var square = new Square();
        var h = new Dense(5).Call(particles);
        var merged = new Add().Call(square.Call(h), square.Call(new FeatureScale().Call(h)));
        var pooled = MeanOverParticles.Call(Projection.Call(merged));
        using var model = Model.FromGraph([particles], new Dense(1).Call(pooled), name: "graph", seed: 2);
        Assert.Contains("square@1 (Square)", model.Summary());
        using var x = randn(3, 6, 4, generator: new Generator(4));
        using var loss = model.forward(x).square().sum();
        loss.backward();
        foreach (var (name, parameter) in model.named_parameters())
            Assert.True(parameter.grad is not null && parameter.grad.abs().sum().item<float>() > 0, $"no gradient reaches {name}");
    }

    [Fact]
    public void Lambda_ReturningAnotherShapeThanDeclared_NamesLayerAndShapes()
    {
        using var model = new Sequential { new Input(4), new Lambda("wrong", t => t.unsqueeze(1), new Shape(4)) { Name = "wrong" } }.Build();
        using var x = ones(2, 4);
        var e = Assert.Throws<InvalidOperationException>(() => model.forward(x));
        Assert.Equal("Layer 'wrong' (Lambda 'wrong'): returned a batch of shape (2, 1, 4) for input (2, 4), but the layer declares " +
            "the output shape (N, 4); fix the function or the declared output shape.", e.Message);
    }

    [Fact]
    public void Lambda_Identity_ReturnsATensorTheCallerMayDispose()
    {
        using var model = new Sequential { new Input(3), new Lambda("identity", t => t) }.Build();
        using var x = ones(2, 3);
        model.forward(x).Dispose();
        Assert.Equal(6f, x.sum().item<float>());
    }

    [Fact]
    public void Layer_IsChecked_OncePerCall()
    {
        var counter = new CallCounter();
        var input = Input.Create(4);
        using (Model.FromGraph([input], new Counted(counter).Call(input))) { }
        Assert.Equal(1, counter.Validations);
        using (new Sequential { new Input(4), new Counted(counter) }.Build()) { }
        Assert.Equal(2, counter.Validations);
    }

    [Fact]
    public void Layer_ExtensionPoints_AreOverridableOutsideTheLibrary()
    {
        // A subclass in another assembly (without InternalsVisibleTo) can override only public and protected members.
        var members = typeof(Layer).GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .OfType<MethodInfo>().Where(m => m.IsAbstract || (m.IsVirtual && !m.IsFinal)).ToList();
        Assert.Contains(members, m => m.Name == "InferShape");
        Assert.Contains(members, m => m.Name == "Compile");
        foreach (var m in members.Where(m => m.IsAbstract))
            Assert.True(m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly, $"Layer.{m.Name} is abstract but not overridable outside the library");
        foreach (var type in new[] { typeof(LayerModule), typeof(SingleInputModule), typeof(BuildContext), typeof(LayerRegistry), typeof(Lambda) })
            Assert.True(type.IsPublic, $"{type.Name} is not public");
        Assert.NotNull(typeof(BuildContext).GetMethod(nameof(BuildContext.Parameter)));
    }

    /// <summary>Counts how often its layer's options are checked.</summary>
    private sealed class CallCounter
    {
        public int Validations { get; set; }
    }

    /// <summary>An identity layer that counts its validations.</summary>
    private sealed record Counted(CallCounter Counter) : Layer
    {
        protected override void Validate(string where) => Counter.Validations++;

        protected override Shape InferShape(IReadOnlyList<Shape> inputs, string where) => inputs[0];

        protected override LayerModule Compile(string name, IReadOnlyList<Shape> inputs, BuildContext context) => new Module(name);

        private sealed class Module(string name) : SingleInputModule(name)
        {
            public override Tensor Forward(Tensor input) => input.alias();
        }
    }
}
