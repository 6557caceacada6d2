using System.Text.Json;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Xunit;
using static DeepLearning.Torch.Tests.Layers.FixtureValues;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>
/// Forward and backward of LSTM, GRU, Embedding, MultiHeadAttention and TransformerEncoderBlock against PyTorch 1.13's
/// nn.LSTM, nn.GRU, nn.Embedding, nn.MultiheadAttention and nn.TransformerEncoderLayer with copied weights, to 1e-5:
/// the reference values come from Fixtures/Layers/make_sequence_fixtures.py (sequences.json). Parameter names must be
/// torch's, prefixed by the layer's name.
/// </summary>
public class SequenceReferenceTests
{
    private static readonly JsonElement Cases = FixtureValues.Cases("sequences.json");

    [Fact]
    public void LSTM_LastOutput_EqualsTorchLstm() => Check("lstm_last", new LSTM(5) { Name = "lstm" }, "lstm.module.");

    [Fact]
    public void LSTM_ReturnSequences_EqualsTorchLstm() => Check("lstm_sequences", new LSTM(5, returnSequences: true) { Name = "lstm" }, "lstm.module.");

    [Fact]
    public void LSTM_MaskedPaddedSequences_EqualUnpaddedLastOutputs() => Check("lstm_masked", new LSTM(5) { Name = "lstm" }, "lstm.module.");

    [Fact]
    public void GRU_LastOutput_EqualsTorchGru() => Check("gru_last", new GRU(5) { Name = "gru" }, "gru.module.");

    [Fact]
    public void GRU_ReturnSequences_EqualsTorchGru() => Check("gru_sequences", new GRU(5, returnSequences: true) { Name = "gru" }, "gru.module.");

    [Fact]
    public void GRU_MaskedPaddedSequences_EqualUnpaddedLastOutputs() => Check("gru_masked", new GRU(5) { Name = "gru" }, "gru.module.");

    [Fact]
    public void Embedding_Indices_EqualsTorchEmbedding() => Check("embedding", new Embedding(7, 4) { Name = "embedding" }, "embedding.");

    [Fact]
    public void MultiHeadAttention_Self_EqualsTorchMultiheadAttention() =>
        Check("mha_self", new MultiHeadAttention(2, 4) { Name = "mha" }, "mha.");

    [Fact]
    public void MultiHeadAttention_QueryAndKeyValue_EqualsTorchWithKdimVdim() =>
        Check("mha_cross", new MultiHeadAttention(2, 4) { Name = "mha" }, "mha.");

    [Fact]
    public void MultiHeadAttention_KeyPaddingMaskAndBias_EqualsTorchMaskAndAttnMask() =>
        Check("mha_masked_bias", new MultiHeadAttention(2, 4) { Name = "mha" }, "mha.");

    [Fact]
    public void TransformerEncoderBlock_Masked_EqualsTorchPreNormEncoderLayer() =>
        Check("transformer_block", new TransformerEncoderBlock(2, mlpUnits: 16) { Name = "block" }, "block.",
            // torch's linear1/linear2 are the block's Dense layers, whose parameters carry the same names.
            n => n);

    private static void Check(string name, Layer layer, string prefix, Func<string, string>? rename = null)
    {
        JsonElement c = Cases.GetProperty(name);
        var inputs = c.GetProperty("inputs").EnumerateArray().ToArray();
        var symbolic = inputs.Select((input, i) => Input.Create($"input_{i}", Shape(input).Skip(1).Select(d => (int)d).ToArray())).ToArray();
        using var model = Model.FromGraph(symbolic, layer.Call(symbolic), seed: 1);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var fixtureParameters = c.GetProperty("parameters").EnumerateObject().ToDictionary(p => prefix + (rename ?? (n => n))(p.Name), p => p.Value);
        Assert.Equal(fixtureParameters.Keys.Order(), parameters.Keys.Order());
        using (no_grad())
        {
            foreach (var (key, value) in fixtureParameters)
            {
                using var v = Values(value.GetProperty("values"), Shape(value));
                parameters[key].copy_(v);
            }
        }
        var x = inputs.Select(input => Values(input.GetProperty("values"), Shape(input))
            .requires_grad_(input.GetProperty("grad").ValueKind != JsonValueKind.Null)).ToArray();
        using var y = model.Forward(x)[0];
        Assert.Equal(c.GetProperty("output_shape").EnumerateArray().Select(v => v.GetInt64()), y.shape);
        using var upstream = Values(c.GetProperty("upstream"), y.shape);
        using var loss = y.mul(upstream).sum();
        loss.backward();
        AssertClose(c.GetProperty("output"), y, "output");
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].GetProperty("grad").ValueKind != JsonValueKind.Null) AssertClose(inputs[i].GetProperty("grad"), x[i].grad!, $"input {i} gradient");
        }
        foreach (var (key, value) in fixtureParameters) AssertClose(value.GetProperty("grad"), parameters[key].grad!, key + " gradient");
        foreach (var t in x) t.Dispose();
    }

    private static long[] Shape(JsonElement e) => e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
}
