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
/// The set, sequence and attention layers in Sequential and graphs: shapes, summary rows and parameter counts (torch's),
/// JSON round-trips, and build errors that name the layer and the shape at fault.
/// </summary>
public class SequenceLayerTests
{
    [Fact]
    public void Sequential_EmbeddingLstmGru_InfersShapesAndRuns()
    {
        using var model = new Sequential
        {
            new Input(6), new Embedding(10, 4), new LSTM(5, returnSequences: true), new GRU(3), new Dense(1),
        }.Build(seed: 1);
        Assert.Equal([new Shape(6, 4), new Shape(6, 5), new Shape(3), new Shape(1)], model.Layers.Skip(1).Select(l => l.OutputShape));
        using var indices = tensor(new long[] { 0, 1, 2, 3, 4, 9, 9, 8, 7, 6, 5, 4 }).reshape(2, 6);
        using var y = model.forward(indices);
        Assert.Equal(new long[] { 2, 1 }, y.shape);
    }

    [Fact]
    public void Summary_NewLayers_ShowTorchParameterCounts()
    {
        var particles = Input.Create("particles", 5, 8);
        var mask = new Masking().Call(particles);
        var h = new MultiHeadAttention(2, 4).Call(particles, mask);
        h = new TransformerEncoderBlock(2, mlpUnits: 16).Call(h, mask);
        var seq = new LSTM(5, returnSequences: true).Call(h, mask);
        var last = new GRU(3).Call(seq, mask);
        var pooled = new GlobalSumPooling1D().Call(seq, mask);
        using var model = Model.FromGraph([particles], [last, pooled], seed: 1);
        string summary = model.Summary();
        // torch: nn.MultiheadAttention(8, 2) 288; nn.TransformerEncoderLayer(8, 2, 16) 288 + 2·2·8 + (8·16+16) + (16·8+8) = 600;
        // nn.LSTM(8, 5) 4·5·(8+5) + 2·4·5 = 300; nn.GRU(5, 3) 3·3·(5+3) + 2·3·3 = 90.
        Assert.Contains("masking (Masking)", summary);
        Assert.Matches(@"multi_head_attention \(MultiHeadAttention\)\s+\(None, 5, 8\)\s+288\b", summary);
        Assert.Matches(@"transformer_encoder_block \(TransformerEncoderBlock\)\s+\(None, 5, 8\)\s+600\b", summary);
        Assert.Matches(@"lstm \(LSTM\)\s+\(None, 5, 5\)\s+300\b", summary);
        Assert.Matches(@"gru \(GRU\)\s+\(None, 3\)\s+90\b", summary);
        Assert.Matches(@"global_sum_pooling1d \(GlobalSumPooling1D\)\s+\(None, 5\)\s+0\b", summary);
        Assert.Contains("Total params: 1,278", summary);
    }

    [Fact]
    public void Json_NewLayers_RoundTripToTheSameModel()
    {
        var tokens = Input.Create("tokens", 6);
        var particles = Input.Create("particles", 6, 3);
        var bias = Input.Create("bias", 2, 6, 6);
        var mask = new Masking(-1).Call(particles);
        var embedded = new Embedding(10, 8).Call(tokens);
        var h = new TransformerEncoderBlock(2, keyDim: 3, mlpUnits: 12, dropout: 0.1, epsilon: 1e-4).Call(embedded, mask, bias);
        h = new MultiHeadAttention(2, 5).Call(h, particles, mask);
        var a = new GlobalMaxPooling1D().Call(new LSTM(4, returnSequences: true).Call(h, mask), mask);
        var b = new GlobalAveragePooling1D(axis: 1).Call(new GRU(3, returnSequences: true).Call(h));
        var c = new GlobalSumPooling1D().Call(h, mask);
        using var model = Model.FromGraph([tokens, particles, bias], new Concatenate().Call(a, b, c), seed: 3);
        string json = model.DescribeAsJson();
        using var rebuilt = Model.FromJson(json, seed: 3);
        Assert.Equal(json, rebuilt.DescribeAsJson());
        Assert.Equal(model.Description.Layers, rebuilt.Description.Layers);
        model.eval();
        rebuilt.eval();
        using var t = tensor(new long[] { 1, 2, 3, 4, 5, 6, 0, 0, 9, 9, 8, 8 }).reshape(2, 6);
        using var p = randn(2, 6, 3);
        using var biasValues = randn(2, 2, 6, 6);
        using var y1 = model.Forward(t, p, biasValues)[0];
        using var y2 = rebuilt.Forward(t, p, biasValues)[0];
        Assert.True(y1.allclose(y2));
        Assert.Contains("\"maskValue\": -1", json);
        Assert.Contains("\"returnSequences\": true", json);
    }

    [Fact]
    public void MaskedPooling_MaskOfWrongLength_NamesLayerAndShapes()
    {
        var x = Input.Create("x", 5, 4);
        var mask = Input.Create("mask", 6);
        var e = Assert.Throws<ModelBuildException>(() => new GlobalSumPooling1D { Name = "pool" }.Call(x, mask));
        Assert.Equal("Layer 'pool' (GlobalSumPooling1D): the mask (second input) must have shape (5,), one entry per row of the pooled axis of the first input, got (6,).", e.Message);
    }

    [Fact]
    public void LSTM_Rank3Input_NamesLayerAndShape()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(2, 3, 4), new LSTM(5) }.Build());
        Assert.Equal("Layer 'lstm' (LSTM): expects input of shape (steps, features) (batch excluded), got (2, 3, 4).", e.Message);
    }

    [Fact]
    public void GRU_MaskOfWrongLength_NamesLayerAndShapes()
    {
        var e = Assert.Throws<ModelBuildException>(() => new GRU(3) { Name = "gru" }.Call(Input.Create(7, 2), Input.Create(6)));
        Assert.Equal("Layer 'gru' (GRU): the mask (second input) must have shape (7,), one entry per step of the first input, got (6,).", e.Message);
    }

    [Fact]
    public void Masking_FlatInput_NamesLayerAndShape()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(16), new Masking() }.Build());
        Assert.Equal("Layer 'masking' (Masking): expects input of shape (particles, features) (batch excluded), got (16,).", e.Message);
    }

    [Fact]
    public void MultiHeadAttention_BiasOfWrongShape_NamesLayerAndShapes()
    {
        var x = Input.Create("x", 5, 8);
        var e = Assert.Throws<ModelBuildException>(() => new MultiHeadAttention(2, 4) { Name = "mha" }.Call(x, Input.Create(4, 5, 5)));
        Assert.Equal("Layer 'mha' (MultiHeadAttention): the attention bias must have shape (2, 5, 5) (heads, queries, keys), got (4, 5, 5).", e.Message);
    }

    [Fact]
    public void MultiHeadAttention_InputsOutOfOrder_ListsTheExpectedOrder()
    {
        var x = Input.Create("x", 5, 8);
        var e = Assert.Throws<ModelBuildException>(() => new MultiHeadAttention(2, 4) { Name = "mha" }.Call(x, Input.Create(5), x));
        Assert.Equal("Layer 'mha' (MultiHeadAttention): input 3 has shape (5, 8); the inputs are the query (steps, features), then optionally " +
            "the key/value sequence (keys, features), a key-padding mask (keys,) and an attention bias (heads, queries, keys), in this order. " +
            "Got (5, 8), (5,), (5, 8).", e.Message);
    }

    [Fact]
    public void TransformerEncoderBlock_FeaturesNotDivisibleByHeads_SaysGiveKeyDim()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(5, 6), new TransformerEncoderBlock(4) }.Build());
        Assert.Equal("Layer 'transformer_encoder_block' (TransformerEncoderBlock): 6 features do not split into 4 heads; give keyDim or a feature count divisible by heads.", e.Message);
    }

    [Fact]
    public void Embedding_ZeroOutputDim_NamesLayerAndOption()
    {
        var e = Assert.Throws<ModelBuildException>(() => new Sequential { new Input(5), new Embedding(10, 0) }.Build());
        Assert.Equal("Layer 'embedding' (Embedding): outputDim must be positive, got 0.", e.Message);
    }

    [Fact]
    public void Build_Seed_MakesRecurrentAndAttentionWeightsReproducible()
    {
        Model Make() => new Sequential { new Input(4, 8), new LSTM(3, returnSequences: true), new MultiHeadAttention(1, 3), new Embedding(3, 2) }.Build(seed: 11);
        using var a = Make();
        using var b = Make();
        foreach (var ((name, p), (_, q)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(p.allclose(q), name);
    }

    [Fact]
    public void MaskedSetModel_TrainsEveryWeightAndRestoresFromCheckpoint()
    {
        // Zero-padded jets of 2..6 particles; the label depends on the real particles only.
        using var generator = new Generator(4);
        using var x = randn(96, 6, 3, generator: generator);
        using var keep = arange(6).unsqueeze(0).lt(randint(2, 7, [96, 1], generator: generator));
        x.mul_(keep.unsqueeze(-1));
        using var y = x.sum([1, 2]).gt(0).to_type(float32).unsqueeze(1);
        using var data = new TensorDataset(x, y);
        string dir = Path.Combine(Path.GetTempPath(), "seq-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "set.ckpt");
            using var model = SetModel(seed: 1);
            var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
            var trainer = new Trainer(new TrainerOptions
            {
                Epochs = 3, BatchSize = 16, Seed = 5, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent,
                Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01),
                Callbacks = { new ModelCheckpoint(path) },
            });
            History history = trainer.Fit(model, data);
            Assert.True(history.Epochs[^1].Values[MetricKeys.Loss] < history.Epochs[0].Values[MetricKeys.Loss]);
            foreach (var (name, p) in model.named_parameters()) Assert.False(p.allclose(before[name]), $"{name} did not train");
            foreach (var t in before.Values) t.Dispose();

            using var restored = SetModel(seed: 99);
            Checkpoint.LoadWeights(path, restored);
            model.eval();
            restored.eval();
            using var a = model.forward(x);
            using var b = restored.forward(x);
            Assert.True(a.allclose(b), "the checkpoint did not restore the weights");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Model SetModel(long seed)
    {
        var particles = Input.Create("particles", 6, 3);
        var mask = new Masking().Call(particles);
        var h = new Dense(8, Activation.Relu).Call(particles);
        h = new TransformerEncoderBlock(2, mlpUnits: 8, dropout: 0.1).Call(h, mask);
        var sequence = new GRU(4).Call(new LSTM(4, returnSequences: true).Call(h, mask), mask);
        var pooled = new GlobalSumPooling1D().Call(h, mask);
        return Model.FromGraph([particles], new Dense(1).Call(new Concatenate().Call(sequence, pooled)), seed: seed);
    }
}
