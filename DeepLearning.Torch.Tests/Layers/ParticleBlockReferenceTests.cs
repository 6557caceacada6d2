using System.Text.Json;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Xunit;
using static DeepLearning.Torch.Tests.Layers.FixtureValues;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>
/// Forward and backward of ParticleFlowBlock (PFN and EFN), EdgeConvBlock, ParticlePairFeatures and
/// ParticleAttentionBlock against hand-written PyTorch 1.13 references with copied weights, to 1e-5: the values come
/// from Fixtures/Layers/make_blocks_fixtures.py (blocks.json). Output, input gradients, every parameter gradient and the
/// batch-norm running averages after the pass are compared; parameter names must match the reference's.
/// </summary>
public class ParticleBlockReferenceTests
{
    private static readonly JsonElement Cases = FixtureValues.Cases("blocks.json");

    [Fact]
    public void ParticleFlowBlock_MaskedRandomPadding_EqualsTorchReference() =>
        Check("pfn", new ParticleFlowBlock([8, 6], [5]) { Name = "pfn" }, "pfn.");

    [Fact]
    public void ParticleFlowBlock_EnergyWeightedAngularFeatures_EqualsTorchReference() =>
        Check("efn", new ParticleFlowBlock([8, 6], [5], energyWeighted: true, phiFeatures: [0, 1]) { Name = "efn" }, "efn.");

    [Fact]
    public void EdgeConvBlock_MaskedTraining_EqualsTorchReferenceAndRunningAverages() =>
        Check("edgeconv_masked", new EdgeConvBlock(3, [8, 6], coordinateFeatures: [0, 1]) { Name = "edge" }, "edge.");

    [Fact]
    public void EdgeConvBlock_MaskedEvaluation_EqualsTorchReferenceWithRunningAverages() =>
        Check("edgeconv_eval", new EdgeConvBlock(3, [8, 6], coordinateFeatures: [0, 1]) { Name = "edge" }, "edge.");

    [Fact]
    public void EdgeConvBlock_CoordinateInputIdentityShortcut_EqualsTorchReference() =>
        Check("edgeconv_coordinates", new EdgeConvBlock(2, [5, 4]) { Name = "edge" }, "edge.");

    [Fact]
    public void ParticlePairFeatures_FourVectors_EqualTorchReference() =>
        Check("pair_features", new ParticlePairFeatures { Name = "pairs" }, "pairs.");

    [Fact]
    public void ParticleAttentionBlock_MaskedPairBias_EqualsTorchEncoderLayerWithPairMlp() =>
        Check("particle_attention", new ParticleAttentionBlock(2, [6], mlpUnits: 16) { Name = "block" }, "block.");

    private static void Check(string name, Layer layer, string prefix)
    {
        JsonElement c = Cases.GetProperty(name);
        var inputs = c.GetProperty("inputs").EnumerateArray().ToArray();
        var symbolic = inputs.Select((input, i) => Input.Create($"input_{i}", Shape(input).Skip(1).Select(d => (int)d).ToArray())).ToArray();
        using var model = Model.FromGraph(symbolic, layer.Call(symbolic), seed: 1);
        model.train(c.GetProperty("training").GetBoolean());
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var buffers = model.named_buffers().ToDictionary(b => b.Item1, b => b.Item2);
        var fixtureParameters = c.GetProperty("parameters").EnumerateObject().ToDictionary(p => prefix + p.Name, p => p.Value);
        var fixtureBuffers = c.GetProperty("buffers").EnumerateObject().ToDictionary(p => prefix + p.Name, p => p.Value);
        Assert.Equal(fixtureParameters.Keys.Order(), parameters.Keys.Order());
        Assert.Equal(fixtureBuffers.Keys.Order(), buffers.Keys.Order());
        using (no_grad())
        {
            foreach (var (key, value) in fixtureParameters)
            {
                using var v = Values(value.GetProperty("values"), Shape(value));
                parameters[key].copy_(v);
            }
            foreach (var (key, value) in fixtureBuffers)
            {
                using var v = Values(value.GetProperty("values"), Shape(value));
                buffers[key].copy_(v);
            }
        }
        var x = inputs.Select(input => Values(input.GetProperty("values"), Shape(input))
            .requires_grad_(input.GetProperty("grad").ValueKind != JsonValueKind.Null)).ToArray();
        using var y = model.Forward(x)[0];
        Assert.Equal(c.GetProperty("output_shape").EnumerateArray().Select(v => v.GetInt64()), y.shape);
        AssertClose(c.GetProperty("output"), y, "output");
        foreach (var (key, value) in fixtureBuffers) AssertClose(value.GetProperty("after"), buffers[key], key + " after the pass");
        if (y.requires_grad)
        {
            using var upstream = Values(c.GetProperty("upstream"), y.shape);
            using var loss = y.mul(upstream).sum();
            loss.backward();
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i].GetProperty("grad").ValueKind != JsonValueKind.Null) AssertClose(inputs[i].GetProperty("grad"), x[i].grad!, $"input {i} gradient");
            }
            foreach (var (key, value) in fixtureParameters) AssertClose(value.GetProperty("grad"), parameters[key].grad!, key + " gradient");
        }
        else
        {
            Assert.Empty(fixtureParameters);
        }
        foreach (var t in x) t.Dispose();
    }

    private static long[] Shape(JsonElement e) => e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
}
