using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>
/// The particle blocks as set models: permuting the constituents and appending zero-padded rows leave the jet outputs
/// (and the batch-norm running averages) unchanged to 1e-5, in training and evaluation; parameter counts, summaries,
/// JSON round trips, and errors that name the layer and the option.
/// </summary>
public class ParticleBlockTests
{
    private const int Features = 4;

    /// <summary>The EFN weight of each particle: its energy (feature 0).</summary>
    private static readonly Lambda Energy = new("energy", t => t.select(2, 0), s => new Shape(s[0]));

    public static TheoryData<string, bool> Networks => new()
    {
        { "pfn", true }, { "efn", true }, { "edgeconv", true }, { "edgeconv", false }, { "attention", true },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Block_ZeroPaddedRowsAppended_JetOutputUnchanged(string network, bool training)
    {
        using var x = Jets(particles: 6, seed: 1);
        using var padded = cat([x, zeros(4, 3, Features)], 1);
        using var a = Build(network, 6);
        using var b = Build(network, 9);
        HandWrittenCopy(a, b);
        a.train(training);
        b.train(training);
        using var ya = a.forward(x);
        using var yb = b.forward(padded);
        AssertClose(ya, yb, "jet output");
        AssertSameBuffers(a, b);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Block_PermutedConstituents_JetOutputUnchanged(string network, bool training)
    {
        // Padding mixed in by the permutation.
        using var x = cat([Jets(particles: 6, seed: 2), zeros(4, 3, Features)], 1);
        using var permuted = x.index_select(1, tensor(new long[] { 7, 2, 5, 0, 8, 3, 1, 6, 4 }));
        using var a = Build(network, 9);
        using var b = Build(network, 9);
        HandWrittenCopy(a, b);
        a.train(training);
        b.train(training);
        using var y = a.forward(x);
        using var yPermuted = b.forward(permuted);
        AssertClose(y, yPermuted, "jet output");
        AssertSameBuffers(a, b);
    }

    [Theory]
    [InlineData("pfn")]
    [InlineData("efn")]
    [InlineData("edgeconv")]
    [InlineData("attention")]
    public void Block_TrainingForwardBackwardInScope_CreatesNoTensorOutsideAScope(string network)
    {
        // A tensor made outside every dispose scope is freed only by its finalizer: training memory then grows each epoch.
        using var model = Build(network, 9);
        using var x = cat([Jets(particles: 6, seed: 5), zeros(4, 3, Features)], 1);
        model.train();
        for (int step = 0; step < 2; step++)
        {
            long before = TorchSharp.DisposeScopeManager.Statistics.CreatedOutsideScopeCount;
            using (NewDisposeScope())
            {
                model.forward(x).square().mean().backward();
            }
            Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.CreatedOutsideScopeCount);
        }
    }

    [Fact]
    public void EdgeConvBlock_PerParticleOutputs_PermuteWithTheParticlesAndPaddingIsZero()
    {
        var particles = Input.Create("particles", 9, Features);
        using var model = Model.FromGraph([particles], new EdgeConvBlock(3, [8, 6]) { Name = "edge" }.Call(particles, new Masking().Call(particles)), seed: 3);
        using var x = cat([Jets(particles: 6, seed: 4), zeros(4, 3, Features)], 1);
        long[] order = [7, 2, 5, 0, 8, 3, 1, 6, 4];
        using var y = model.forward(x);
        using var yPermuted = model.forward(x.index_select(1, tensor(order)));
        AssertClose(y.index_select(1, tensor(order)), yPermuted, "per-particle output");
        Assert.Equal(0f, y.narrow(1, 6, 3).abs().max().item<float>());
    }

    [Fact]
    public void Blocks_ParameterCounts_MatchTheirLayers()
    {
        // Phi 4·8+8 and 8·6+6, F 6·5+5.
        Assert.Equal(129, Count(new ParticleFlowBlock([8, 6], [5])).Trainable);
        // mlp 8·8 and 8·6 without bias, shortcut 4·6; γ and β of three batch norms; their running averages are non-trainable.
        Assert.Equal((64 + 48 + 24 + 2 * (8 + 6 + 6), 2 * (8 + 6 + 6)), Count(new EdgeConvBlock(3, [8, 6])));
        // Without batch norm: biases, and no shortcut projection for equal widths.
        Assert.Equal((16 * 8 + 8 + 8 * 8 + 8, 0L), Count(new EdgeConvBlock(3, [8, 8], batchNormalization: false), features: 8));
        // Pairs 4·6+6 and 6·2+2; encoder: 2 layer norms 2·16, in_proj 3·64+24, out_proj 64+8, linear1 8·16+16, linear2 16·8+8.
        Assert.Equal(30 + 14 + 32 + 216 + 72 + 144 + 136, AttentionCount());
    }

    [Fact]
    public void Blocks_Summary_ShowsEachBlockWithItsParameters()
    {
        using var model = Build("edgeconv", 6);
        string summary = model.Summary();
        Assert.Contains("edge (EdgeConvBlock)", summary);
        Assert.Contains("(None, 6, 8)", summary);
        using var pfn = Build("pfn", 6);
        Assert.Contains("pfn (ParticleFlowBlock)", pfn.Summary());
        Assert.Contains("129", pfn.Summary());
        using var attention = Build("attention", 6);
        Assert.Contains("pairs (ParticlePairFeatures)", attention.Summary());
        Assert.Contains("block (ParticleAttentionBlock)", attention.Summary());
    }

    [Theory]
    [InlineData("pfn")]
    [InlineData("efn")]
    [InlineData("edgeconv")]
    [InlineData("attention")]
    public void Blocks_JsonRoundTrip_SameDescriptionParametersAndOutputs(string network)
    {
        using var model = Build(network, 6);
        model.eval();
        string json = model.DescribeAsJson();
        using var rebuilt = Model.FromJson(json, new LayerRegistry().Register(Energy), seed: 5);
        rebuilt.eval();
        Assert.Equal(json, rebuilt.DescribeAsJson());
        Assert.Equal(model.named_parameters().Select(p => p.name), rebuilt.named_parameters().Select(p => p.name));
        HandWrittenCopy(model, rebuilt);
        using var x = Jets(particles: 6, seed: 6);
        using var a = model.forward(x);
        using var b = rebuilt.forward(x);
        AssertClose(a, b, "rebuilt output");
    }

    [Fact]
    public void EdgeConvBlock_KNotBelowParticles_NamesLayerAndK()
    {
        var p = Input.Create("particles", 5, Features);
        var e = Assert.Throws<ModelBuildException>(() => new EdgeConvBlock(5, [8]) { Name = "edge_1" }.Call(p));
        Assert.Equal("Layer 'edge_1' (EdgeConvBlock): k = 5 neighbours needs more particles than 5; use k < 5.", e.Message);
    }

    [Fact]
    public void EdgeConvBlock_CoordinateIndexOutOfRange_NamesLayerAndIndex()
    {
        var p = Input.Create("particles", 5, Features);
        var e = Assert.Throws<ModelBuildException>(() => new EdgeConvBlock(2, [8], coordinateFeatures: [0, 4]) { Name = "edge_1" }.Call(p));
        Assert.Equal("Layer 'edge_1' (EdgeConvBlock): coordinateFeatures index 4 is out of range for 4 features (0..3); got [0, 4].", e.Message);
    }

    [Fact]
    public void EdgeConvBlock_CoordinatesTwice_IsRefused()
    {
        var p = Input.Create("particles", 5, Features);
        var c = Input.Create("coordinates", 5, 2);
        var e = Assert.Throws<ModelBuildException>(() => new EdgeConvBlock(2, [8], coordinateFeatures: [0, 1]) { Name = "edge_1" }.Call(p, c));
        Assert.StartsWith("Layer 'edge_1' (EdgeConvBlock): give the coordinates either as an input or as coordinateFeatures", e.Message);
    }

    [Fact]
    public void ParticleFlowBlock_BadOptionsAndInputs_NameLayerAndOption()
    {
        var p = Input.Create("particles", 5, Features);
        var m = new Masking().Call(p);
        Assert.Equal("Layer 'pfn' (ParticleFlowBlock): phiUnits needs at least one layer.",
            Assert.Throws<ModelBuildException>(() => new ParticleFlowBlock([], [4]) { Name = "pfn" }.Call(p)).Message);
        Assert.Equal("Layer 'pfn' (ParticleFlowBlock): phiFeatures index -1 is out of range for 4 features (0..3); got [-1].",
            Assert.Throws<ModelBuildException>(() => new ParticleFlowBlock([4], [], phiFeatures: [-1]) { Name = "pfn" }.Call(p)).Message);
        Assert.StartsWith("Layer 'pfn' (ParticleFlowBlock): an energy-weighted block takes the particles, the weights",
            Assert.Throws<ModelBuildException>(() => new ParticleFlowBlock([4], [], energyWeighted: true) { Name = "pfn" }.Call(p)).Message);
        Assert.StartsWith("Layer 'pfn' (ParticleFlowBlock): the mask (second input) must have shape (5,)",
            Assert.Throws<ModelBuildException>(() => new ParticleFlowBlock([4], []) { Name = "pfn" }.Call(p, Input.Create("m", 4))).Message);
        Assert.Equal(new Shape(4), new ParticleFlowBlock([4], []).Call(p, m).Shape);
    }

    [Fact]
    public void ParticleAttentionBlock_BadPairShapeOrHeads_NamesLayer()
    {
        var p = Input.Create("particles", 5, 8);
        Assert.StartsWith("Layer 'att' (ParticleAttentionBlock): the pairwise features (second input) must have shape (5, 5, pairFeatures)",
            Assert.Throws<ModelBuildException>(() => new ParticleAttentionBlock(2, [4]) { Name = "att" }.Call(p, Input.Create("u", 4, 5, 4))).Message);
        Assert.StartsWith("Layer 'att' (ParticleAttentionBlock): 8 features do not split into 3 heads",
            Assert.Throws<ModelBuildException>(() => new ParticleAttentionBlock(3, [4]) { Name = "att" }.Call(p, Input.Create("u", 5, 5, 4))).Message);
        Assert.StartsWith("Layer 'pairs' (ParticlePairFeatures): expects four-vectors of shape (particles, 4)",
            Assert.Throws<ModelBuildException>(() => new ParticlePairFeatures { Name = "pairs" }.Call(p)).Message);
    }

    [Fact]
    public void ParticleAttentionBlock_JetWithoutRealParticles_GivesZerosNotNaN()
    {
        using var model = Build("attention", 6);
        using var x = zeros(2, 6, Features);
        using var y = model.forward(x);
        Assert.False(y.isnan().any().item<bool>());
    }

    /// <summary>Small set models around each block, on (particles, 4) four-vector-like rows (E, px, py, pz).</summary>
    private static Model Build(string network, int particles)
    {
        var input = Input.Create("particles", particles, Features);
        var mask = new Masking().Call(input);
        SymbolicTensor jet = network switch
        {
            "pfn" => new ParticleFlowBlock([8, 6], [5]) { Name = "pfn" }.Call(input, mask),
            "efn" => new ParticleFlowBlock([8, 6], [5], energyWeighted: true, phiFeatures: [1, 2]) { Name = "efn" }
                .Call(input, Energy.Call(input), mask),
            "edgeconv" => new GlobalAveragePooling1D().Call(
                new EdgeConvBlock(2, [8]) { Name = "edge2" }.Call(new EdgeConvBlock(3, [8, 8], coordinateFeatures: [1, 2]) { Name = "edge" }.Call(input, mask), mask), mask),
            _ => new GlobalAveragePooling1D().Call(
                new ParticleAttentionBlock(2, [6], mlpUnits: 16) { Name = "block" }.Call(new Dense(8) { Name = "embed" }.Call(input),
                    new ParticlePairFeatures { Name = "pairs" }.Call(input, mask), mask), mask),
        };
        return Model.FromGraph([input], new Dense(1) { Name = "head" }.Call(jet), seed: 7);
    }

    private static (long Trainable, long NonTrainable) Count(Layer layer, int features = Features)
    {
        var input = Input.Create("particles", 6, features);
        using var model = Model.FromGraph([input], layer.Call(input));
        return (model.TrainableParameterCount, model.NonTrainableParameterCount);
    }

    private static long AttentionCount()
    {
        var x = Input.Create("x", 6, 8);
        var pairs = Input.Create("pairs", 6, 6, 4);
        using var model = Model.FromGraph([x, pairs], new ParticleAttentionBlock(2, [6], mlpUnits: 16).Call(x, pairs));
        return model.TrainableParameterCount;
    }

    /// <summary>(4, particles, 4) rows like four-vectors (E > |p| > 0), no all-zero row.</summary>
    private static Tensor Jets(int particles, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var p = randn(4, particles, 3, generator: generator);
        using var e = p.square().sum(2, keepdim: true).sqrt().add(0.5);
        return cat([e, p], 2);
    }

    private static void HandWrittenCopy(Model from, Model to) => HandWrittenEquivalenceTests.CopyParameters(from, to);

    private static void AssertSameBuffers(Model a, Model b)
    {
        var other = b.named_buffers().ToDictionary(x => x.Item1, x => x.Item2);
        foreach (var (name, buffer) in a.named_buffers()) AssertClose(buffer, other[name], name);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double worst = expected.sub(actual).abs().max().item<float>();
        Assert.True(worst <= 1e-5, $"{what}: largest difference {worst:E2} > 1e-5");
    }
}
