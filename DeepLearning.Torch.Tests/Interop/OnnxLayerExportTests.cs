using DeepLearning.Examples.Cifar10;
using DeepLearning.Examples.JetImages;
using DeepLearning.Examples.TopTagging;
using DeepLearning.Torch.Interop;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static TorchSharp.torch;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using Tensor = TorchSharp.torch.Tensor;

namespace DeepLearning.Torch.Tests.Interop;

/// <summary>
/// Each layer kind exported alone (so a wrong constant in one layer's ONNX form is not hidden by the layers around
/// it), with random weights and statistics, run by ONNX Runtime on a batch of 4 and compared with libtorch's
/// eval-mode outputs to 1e-5; then every example model, the set models (PFN, ParticleNet, particle transformer) included.
/// </summary>
public class OnnxLayerExportTests
{
    private const double Tolerance = 1e-5;

    /// <summary>An input of the case: a sample shape and how its values are drawn.</summary>
    public sealed record Feed(int[] Shape, string Kind = "normal", int Classes = 0);

    /// <summary>One model to export and the inputs it takes.</summary>
    public sealed record Case(Func<Model> Build, Feed[] Feeds, bool RandomWeights = true);

    private static Case Single(int[] input, Layer layer, string kind = "normal", int classes = 0) =>
        new(() => new Sequential("single") { new Input(input), layer }.Build(seed: 3), [new Feed(input, kind, classes)]);

    private static Case Graph(Func<Model> build, params Feed[] feeds) => new(build, feeds);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["dense_rank2_prelu"] = Single([5, 6], new Dense(4, Activation.PRelu(0.2))),
        ["conv1d_valid_strided"] = Single([3, 17], new Conv1D(5, 4, strides: 2, activation: Activation.Relu)),
        ["conv1d_same_dilated"] = Single([3, 16], new Conv1D(4, 3, padding: PaddingMode.Same, dilation: 2)),
        ["conv1d_same_groups_even_kernel"] = Single([4, 13], new Conv1D(6, 4, strides: 3, padding: PaddingMode.Same, groups: 2, activation: Activation.Tanh)),
        ["conv2d_same_strided_rectangular"] = Single([3, 11, 9], new Conv2D(4, (3, 2), strides: (2, 3), padding: PaddingMode.Same, activation: Activation.Elu)),
        ["conv2d_same_even_kernel"] = Single([2, 8, 7], new Conv2D(3, 4, padding: PaddingMode.Same)),
        ["conv2d_valid_rectangular"] = Single([2, 9, 8], new Conv2D(3, (2, 4), strides: (1, 2))),
        ["conv2d_dilated_groups_prelu"] = Single([4, 10, 10], new Conv2D(6, 3, padding: PaddingMode.Same, dilation: 2, groups: 2, useBias: false, activation: Activation.PRelu(0.1))),
        ["conv2d_softmax"] = Single([2, 5, 5], new Conv2D(3, 3, activation: Activation.Softmax)),
        ["depthwise_conv2d"] = Single([3, 9, 9], new DepthwiseConv2D(3, strides: 2, padding: PaddingMode.Same, depthMultiplier: 2, activation: Activation.Relu)),
        ["separable_conv2d"] = Single([3, 8, 8], new SeparableConv2D(5, 3, padding: PaddingMode.Same, depthMultiplier: 2, activation: Activation.Swish)),
        ["max_pooling2d_same"] = Single([3, 7, 9], new MaxPooling2D((3, 2), strides: 2, padding: PaddingMode.Same)),
        ["max_pooling2d_valid"] = Single([2, 7, 6], new MaxPooling2D()),
        ["average_pooling2d_same"] = Single([3, 7, 8], new AveragePooling2D(3, strides: 2, padding: PaddingMode.Same)),
        ["average_pooling2d_valid_rectangular"] = Single([2, 6, 9], new AveragePooling2D((2, 3))),
        ["global_average_pooling2d"] = Single([3, 5, 4], new GlobalAveragePooling2D()),
        ["global_max_pooling2d"] = Single([3, 5, 4], new GlobalMaxPooling2D()),
        ["global_average_pooling1d"] = Single([6, 4], new GlobalAveragePooling1D()),
        ["global_max_pooling1d_axis1"] = Single([4, 6], new GlobalMaxPooling1D(axis: 1)),
        ["global_sum_pooling1d"] = Single([6, 4], new GlobalSumPooling1D()),
        ["global_average_pooling1d_masked"] = Graph(() => Masked(new GlobalAveragePooling1D(), [6, 4]), new Feed([6, 4]), new Feed([6], "mask")),
        ["global_max_pooling1d_masked"] = Graph(() => Masked(new GlobalMaxPooling1D(), [6, 4]), new Feed([6, 4]), new Feed([6], "mask")),
        ["global_sum_pooling1d_masked_axis1"] = Graph(() => Masked(new GlobalSumPooling1D(axis: 1), [4, 6]), new Feed([4, 6]), new Feed([6], "mask")),
        ["global_average_pooling1d_masked_axis1"] = Graph(() => Masked(new GlobalAveragePooling1D(axis: -1), [4, 6]), new Feed([4, 6]), new Feed([6], "mask")),
        ["flatten_channel_major"] = Single([2, 3, 4], new Flatten()),
        ["reshape"] = Single([12], new Reshape(3, -1)),
        ["dropout"] = Single([8], new Dropout(0.5)),
        ["alpha_dropout"] = Single([8], new AlphaDropout(0.3)),
        ["batch_normalization_images"] = Single([4, 5, 5], new BatchNormalization()),
        ["batch_normalization_no_scale"] = Single([6], new BatchNormalization(epsilon: 0.01, scale: false)),
        ["layer_normalization"] = Single([5, 8], new LayerNormalization()),
        ["layer_normalization_no_center"] = Single([7], new LayerNormalization(epsilon: 0.1, center: false)),
        ["embedding"] = Single([6], new Embedding(10, 4), "indices", 10),
        ["residual_block_projection"] = Single([4, 8, 8], new ResidualBlock(6, strides: 2)),
        ["residual_block_identity_prelu"] = Single([4, 6, 6], new ResidualBlock(4, batchNormalization: false, activation: Activation.PRelu(0.1))),
        ["inception_block"] = Single([4, 8, 8], new InceptionBlock(3, 4, 2, poolProjection: 2, reduce3x3: 2)),
        ["inception_block_plain_pool"] = Single([3, 6, 6], new InceptionBlock(2, 0, 3, activation: Activation.Tanh)),
        ["time_distributed_dense"] = Single([5, 7], new TimeDistributed(new Dense(3, Activation.Softmax))),
        ["time_distributed_conv2d"] = Single([3, 2, 6, 6], new TimeDistributed(new Conv2D(2, 3, padding: PaddingMode.Same))),
        ["multi_head_attention_self"] = Single([5, 8], new MultiHeadAttention(2, 4)),
        ["multi_head_attention_cross_mask_bias"] = Graph(() =>
        {
            var q = Input.Create("query", 5, 6);
            var kv = Input.Create("memory", 7, 10);
            var mask = Input.Create("mask", 7);
            var bias = Input.Create("bias", 3, 5, 7);
            return Model.FromGraph([q, kv, mask, bias], [new MultiHeadAttention(3, 2).Call(q, kv, mask, bias)], name: "cross", seed: 3);
        }, new Feed([5, 6]), new Feed([7, 10]), new Feed([7], "mask_nonempty"), new Feed([3, 5, 7])),
        ["transformer_encoder_block"] = Single([5, 8], new TransformerEncoderBlock(2, mlpUnits: 12)),
        ["transformer_encoder_block_masked"] = Graph(() =>
        {
            var x = Input.Create("particles", 6, 8);
            var mask = Input.Create("mask", 6);
            return Model.FromGraph([x, mask], [new TransformerEncoderBlock(4, keyDim: 3).Call(x, mask)], name: "encoder", seed: 3);
        }, new Feed([6, 8]), new Feed([6], "mask_nonempty")),
        ["masking"] = Single([6, 4], new Masking(), "padded"),
        ["masking_then_masked_pooling"] = Graph(() =>
        {
            var x = Input.Create("sequence", 6, 4);
            var mask = new Masking(maskValue: 0).Call(x);
            return Model.FromGraph([x], [new GlobalAveragePooling1D().Call(new Dense(3, Activation.Tanh).Call(x), mask)], name: "masked", seed: 3);
        }, new Feed([6, 4], "padded")),
        ["lstm_last"] = Single([5, 3], new LSTM(4)),
        ["lstm_sequences"] = Single([5, 3], new LSTM(4, returnSequences: true)),
        ["lstm_last_masked"] = Graph(() => Recurrent(new LSTM(4), [5, 3]), new Feed([5, 3]), new Feed([5], "mask")),
        ["lstm_sequences_masked"] = Graph(() => Recurrent(new LSTM(4, returnSequences: true), [5, 3]), new Feed([5, 3]), new Feed([5], "mask")),
        ["lstm_after_masking"] = Graph(() =>
        {
            var x = Input.Create("sequence", 6, 3);
            return Model.FromGraph([x], [new LSTM(5).Call(x, new Masking().Call(x))], name: "masked_lstm", seed: 3);
        }, new Feed([6, 3], "padded")),
        ["gru_last"] = Single([5, 3], new GRU(4)),
        ["gru_sequences"] = Single([5, 3], new GRU(4, returnSequences: true)),
        ["gru_last_masked"] = Graph(() => Recurrent(new GRU(4), [5, 3]), new Feed([5, 3]), new Feed([5], "mask")),
        ["gru_sequences_masked"] = Graph(() => Recurrent(new GRU(4, returnSequences: true), [5, 3]), new Feed([5, 3]), new Feed([5], "mask")),
        ["particle_flow_block"] = Single([6, 4], new ParticleFlowBlock([5, 3], [4, 2], Activation.Elu)),
        ["particle_flow_block_masked_latent"] = Graph(() =>
        {
            var x = Input.Create("particles", 6, 4);
            var mask = Input.Create("mask", 6);
            return Model.FromGraph([x, mask], [new ParticleFlowBlock([5, 3], []).Call(x, mask)], name: "pfn", seed: 3);
        }, new Feed([6, 4]), new Feed([6], "mask")),
        ["energy_flow_block_masked"] = Graph(() =>
        {
            var x = Input.Create("particles", 6, 4);
            var z = Input.Create("weights", 6);
            var mask = Input.Create("mask", 6);
            return Model.FromGraph([x, z, mask], [new ParticleFlowBlock([5], [3], Activation.Tanh, energyWeighted: true, phiFeatures: [2, 0]).Call(x, z, mask)],
                name: "efn", seed: 3);
        }, new Feed([6, 4]), new Feed([6]), new Feed([6], "mask")),
        ["edge_conv_block_masked_coordinate_features"] = Graph(() =>
        {
            var x = Input.Create("particles", 7, 4);
            var mask = Input.Create("mask", 7);
            return Model.FromGraph([x, mask], [new EdgeConvBlock(3, [5, 6], coordinateFeatures: [0, 1]).Call(x, mask)], name: "edge", seed: 3);
        }, new Feed([7, 4]), new Feed([7], "mask")),
        ["edge_conv_block_coordinates_input"] = Graph(() =>
        {
            var x = Input.Create("particles", 7, 4);
            var points = Input.Create("points", 7, 2);
            var mask = Input.Create("mask", 7);
            return Model.FromGraph([x, points, mask], [new EdgeConvBlock(4, [3, 4], activation: Activation.Gelu).Call(x, points, mask)], name: "edge", seed: 3);
        }, new Feed([7, 4]), new Feed([7, 2]), new Feed([7], "mask")),
        ["edge_conv_block_no_mask_no_batch_norm"] = Single([6, 3], new EdgeConvBlock(2, [4, 3], batchNormalization: false)),
        ["edge_conv_block_no_mask_projection"] = Single([6, 3], new EdgeConvBlock(2, [4, 5])),
        ["particle_attention_block"] = Graph(() =>
        {
            var x = Input.Create("particles", 5, 8);
            var pairs = Input.Create("pairs", 5, 5, 3);
            return Model.FromGraph([x, pairs], [new ParticleAttentionBlock(2, [4], mlpUnits: 6).Call(x, pairs)], name: "part", seed: 3);
        }, new Feed([5, 8]), new Feed([5, 5, 3])),
        ["particle_attention_block_masked"] = Graph(() =>
        {
            var x = Input.Create("particles", 5, 6);
            var pairs = Input.Create("pairs", 5, 5, 3);
            var mask = Input.Create("mask", 5);
            return Model.FromGraph([x, pairs, mask], [new ParticleAttentionBlock(3, [], keyDim: 2).Call(x, pairs, mask)], name: "part", seed: 3);
        }, new Feed([5, 6]), new Feed([5, 5, 3]), new Feed([5], "mask")),
        ["particle_pair_features"] = Single([6, 4], new ParticlePairFeatures(), "four_vectors"),
        ["particle_pair_features_masked"] = Graph(() =>
        {
            var v = Input.Create("four_vectors", 6, 4);
            var mask = Input.Create("mask", 6);
            return Model.FromGraph([v, mask], [new ParticlePairFeatures().Call(v, mask)], name: "pairs", seed: 3);
        }, new Feed([6, 4], "four_vectors"), new Feed([6], "mask")),
    };

    private static Model Recurrent(Layer layer, int[] shape)
    {
        var x = Input.Create("sequence", shape);
        var mask = Input.Create("mask", shape[0]);
        return Model.FromGraph([x, mask], [layer.Call(x, mask)], name: "recurrent", seed: 3);
    }

    static OnnxLayerExportTests()
    {
        foreach (ActivationKind kind in Enum.GetValues<ActivationKind>())
        {
            Activation activation = kind switch
            {
                ActivationKind.LeakyRelu => Activation.LeakyRelu(0.15),
                ActivationKind.Elu => Activation.EluWith(0.7),
                ActivationKind.PRelu => Activation.PRelu(0.25),
                _ => new Activation(kind),
            };
            Cases[$"activation_{kind}"] = Single([3, 6], activation with { Axis = kind is ActivationKind.Softmax or ActivationKind.PRelu ? 0 : null });
        }
    }

    private static Model Masked(Layer pooling, int[] shape)
    {
        var x = Input.Create("sequence", shape);
        var mask = Input.Create("mask", 6);
        return Model.FromGraph([x, mask], [pooling.Call(x, mask)], name: "masked", seed: 3);
    }

    public static TheoryData<string> LayerCases() => [.. Cases.Keys];

    public static TheoryData<string> ExampleModels() =>
        [.. CifarModels.Names.Select(n => $"cifar10_{n}"), .. TopTaggingModels.Names.Select(n => $"toptagging_{n}"), "jetimages_cnn"];

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void ExportOnnx_LayerAlone_OnnxRuntimeEqualsLibtorch(string name)
    {
        Case c = Cases[name];
        using Model model = c.Build();
        Randomize(model, everyWeight: c.RandomWeights);
        CompareWithOnnxRuntime(model, c.Feeds, name);
    }

    [Theory]
    [MemberData(nameof(ExampleModels))]
    public void ExportOnnx_ExampleModel_OnnxRuntimeEqualsLibtorch(string name)
    {
        string topTagging = name.StartsWith("toptagging_", StringComparison.Ordinal) ? name["toptagging_".Length..] : "";
        using Model model = name switch
        {
            "jetimages_cnn" => JetImageModels.Cnn(pixels: 100).Build(seed: 1),
            _ when name.StartsWith("cifar10_", StringComparison.Ordinal) => CifarModels.Create(name["cifar10_".Length..]).Build(seed: 1),
            _ => TopTaggingModels.Build(topTagging, constituents: 200, seed: 1),
        };
        Randomize(model, everyWeight: false);
        // The set models' mask input is a padding mask (an empty jet among them); the other inputs are N(0, 1.5²).
        Feed[] feeds = model.Description.Inputs.Select((input, i) =>
            new Feed([.. model.InputShapes[i].Dimensions], input == "mask" && TopTaggingModels.IsSetModel(topTagging) ? "mask" : "normal")).ToArray();
        CompareWithOnnxRuntime(model, feeds, name);
    }

    /// <summary>
    /// Every parameter drawn from N(0, 0.5²) (or, for the example models, left as built), and the BatchNorm statistics
    /// moved off 0 and 1, so that no weight or constant of the export is checked against a neutral value.
    /// </summary>
    private static void Randomize(Model model, bool everyWeight)
    {
        var generator = new Generator(17);
        using var noGrad = no_grad();
        foreach (var (key, p) in model.named_parameters())
        {
            if (everyWeight || key.Contains("bn", StringComparison.Ordinal) || key.Contains("batch_normalization", StringComparison.Ordinal))
                p.normal_(key.EndsWith("weight", StringComparison.Ordinal) && !everyWeight ? 1 : 0, 0.5, generator);
        }
        foreach (var (key, b) in model.named_buffers())
        {
            if (key.EndsWith("running_mean", StringComparison.Ordinal)) b.normal_(0, 0.3, generator);
            else if (key.EndsWith("running_var", StringComparison.Ordinal)) b.uniform_(0.5, 1.5, generator);
        }
    }

    private static Tensor Draw(int batch, Feed feed, Generator generator)
    {
        long[] shape = [batch, .. feed.Shape.Select(d => (long)d)];
        return feed.Kind switch
        {
            "indices" => randint(0, feed.Classes, shape, generator: generator).to(float32),
            "mask" or "mask_nonempty" => Mask(shape, feed.Kind == "mask", generator),
            "padded" => Padded(shape, generator),
            "four_vectors" => FourVectors(shape, generator),
            _ => randn(shape, generator: generator) * 1.5,
        };
    }

    /// <summary>0/1 entries; the first sample fully padded (pooling gives 0 there) when <paramref name="withEmpty"/>,
    /// else every sample has its first entry real (attention over no key is NaN in both).</summary>
    private static Tensor Mask(long[] shape, bool withEmpty, Generator generator)
    {
        Tensor mask = randint(0, 2, shape, generator: generator).to(float32);
        if (withEmpty) mask[0].zero_();
        else mask[.., 0].fill_(1);
        mask[1].fill_(1);
        return mask;
    }

    /// <summary>N(0, 1.5²) rows, about a third of them zero (padding), the first sample all padding, and a quarter of the
    /// other entries zero (a real row with some features equal to the mask value).</summary>
    private static Tensor Padded(long[] shape, Generator generator)
    {
        Tensor rows = randint(0, 3, shape[..2], generator: generator).gt(0).to(float32);
        rows[0].zero_();
        Tensor entries = randint(0, 4, shape, generator: generator).gt(0).to(float32);
        return randn(shape, generator: generator).mul(1.5).mul(entries).mul(rows.unsqueeze(2));
    }

    /// <summary>Four-vectors (E, px, py, pz) with E above |p|, as in a jet: momenta N(0, 2²), masses up to 1.</summary>
    private static Tensor FourVectors(long[] shape, Generator generator)
    {
        Tensor momenta = randn([.. shape[..2], 3], generator: generator).mul(2);
        Tensor mass = rand(shape[..2], generator: generator);
        Tensor energy = momenta.square().sum(-1).add(mass.square()).sqrt();
        return cat([energy.unsqueeze(-1), momenta], -1);
    }

    private static void CompareWithOnnxRuntime(Model model, Feed[] feeds, string name)
    {
        model.eval();
        string path = Path.Combine(Path.GetTempPath(), $"onnx_{name}_{Guid.NewGuid():N}.onnx");
        try
        {
            model.ExportOnnx(path);
            if (Environment.GetEnvironmentVariable("DLT_ONNX_KEEP_DIR") is { Length: > 0 } dir)
                File.Copy(path, Path.Combine(dir, name + ".onnx"), overwrite: true);
            using var session = new InferenceSession(path);
            Assert.All(session.InputMetadata.Values, m => Assert.Equal(-1, m.Dimensions[0]));
            var generator = new Generator(5);
            Tensor[] inputs = feeds.Select(f => Draw(4, f, generator)).ToArray();
            Tensor[] expected;
            using (no_grad()) expected = model.Forward(inputs);
            // Masking's bool output is float 0/1 in the ONNX graph.
            expected = expected.Select(t => t.dtype == ScalarType.Bool ? t.to(float32) : t).ToArray();
            var names = model.Description.Inputs;
            var onnxFeeds = inputs.Select((t, i) => NamedOnnxValue.CreateFromTensor(names[i],
                new DenseTensor(t.contiguous().data<float>().ToArray(), t.shape.Select(d => (int)d).ToArray()))).ToList();
            using var results = session.Run(onnxFeeds);
            var actual = results.ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int o = 0; o < expected.Length; o++)
            {
                float[] e = expected[o].contiguous().data<float>().ToArray();
                var a = actual[o].AsTensor<float>();
                Assert.Equal(expected[o].shape, a.Dimensions.ToArray().Select(d => (long)d).ToArray());
                float[] values = a.ToArray();
                double worst = e.Zip(values, (x, y) => Math.Abs(x - y)).Max();
                Assert.True(worst <= Tolerance, $"{name} output {o}: largest |libtorch - ONNX Runtime| = {worst:G3} > {Tolerance}");
                Assert.True(e.All(float.IsFinite), $"{name} output {o}: libtorch gave a non-finite value; the case tests nothing there");
            }
            foreach (var t in inputs.Concat(expected)) t.Dispose();
        }
        finally { File.Delete(path); }
    }
}
