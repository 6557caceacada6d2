using DeepLearning.Torch.Interop;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static TorchSharp.torch;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using Tensor = TorchSharp.torch.Tensor;

namespace DeepLearning.Torch.Tests.Interop;

public class OnnxExporterTests
{
    /// <summary>Every activation, Dense on rank 1 and rank 2 samples, BatchNormalization with trained statistics,
    /// Dropout, AlphaDropout, Reshape and Flatten.</summary>
    private static Model DenseStack(InitPreset preset = InitPreset.Torch)
    {
        var layers = new Sequential(name: "dense_stack", preset: preset)
        {
            new Input(12),
            new Dense(16, Activation.Relu),
            new BatchNormalization(),
            new Dense(16, Activation.LeakyRelu(0.2)),
            new Dropout(0.3),
            new Dense(16, Activation.EluWith(0.7)),
            new Dense(16, Activation.Selu),
            new AlphaDropout(0.1),
            new Dense(16, Activation.Tanh),
            new Dense(16, Activation.Softplus),
            new Dense(16, Activation.Gelu),
            new Dense(16, Activation.Swish),
            new Reshape(4, 4),
            new Dense(5, Activation.Sigmoid, useBias: false),
            new Activation(ActivationKind.Softmax) { Axis = -2 },
            new Flatten(),
            new Dense(3, Activation.Softmax),
        };
        return layers.Build(seed: 7);
    }

    private static Model MergeGraph()
    {
        var a = Input.Create("jets", 6);
        var b = Input.Create("leptons", 6);
        var shared = new Dense(4) { Name = "shared" };
        var sa = shared.Call(a);
        var sb = shared.Call(b);
        var sum = new Add().Call(sa, sb, new Dense(4, Activation.Tanh).Call(a));
        var diff = new Subtract().Call(sa, sb);
        var product = new Multiply().Call(sum, diff);
        var joined = new Concatenate(-1).Call(product, sum, diff);
        var score = new Dense(1, Activation.Sigmoid) { Name = "score" }.Call(joined);
        var energy = new Dense(2) { Name = "energy" }.Call(joined);
        return Model.FromGraph([a, b], [score, energy], name: "merge_graph", seed: 5);
    }

    private static float[][] RunOnnx(string path, string[] names, Tensor[] inputs)
    {
        using var session = new InferenceSession(path);
        var feeds = names.Select((n, i) => NamedOnnxValue.CreateFromTensor(n,
            new DenseTensor(inputs[i].data<float>().ToArray(), inputs[i].shape.Select(d => (int)d).ToArray()))).ToList();
        using var results = session.Run(feeds);
        return results.Select(r => r.AsTensor<float>().ToArray()).ToArray();
    }

    private static void AssertClose(Tensor expected, float[] actual, string what)
    {
        float[] e = expected.detach().contiguous().data<float>().ToArray();
        Assert.Equal(e.Length, actual.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - actual[i]) <= 1e-5, $"{what}[{i}]: libtorch {e[i]}, ONNX Runtime {actual[i]}");
    }

    /// <summary>Keeps an exported file where check_onnx.py (Fixtures/Interop) reads it, when DLT_ONNX_KEEP_DIR is set.</summary>
    private static void Keep(string path, string name)
    {
        if (Environment.GetEnvironmentVariable("DLT_ONNX_KEEP_DIR") is { Length: > 0 } dir)
            File.Copy(path, Path.Combine(dir, name + ".onnx"), overwrite: true);
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"onnx_{Guid.NewGuid():N}.onnx");

    [Theory]
    [InlineData(InitPreset.Torch)]
    [InlineData(InitPreset.Keras)]
    public void ExportOnnx_DenseStack_OnnxRuntimeEqualsLibtorch(InitPreset preset)
    {
        using var model = DenseStack(preset);
        manual_seed(11);
        model.train();
        using (var warmup = randn(32, 12) * 2 + 1) model.forward(warmup).Dispose();   // BatchNorm statistics move off 0/1
        model.eval();
        string path = TempFile();
        try
        {
            model.ExportOnnx(path);
            Keep(path, $"dense_stack_{preset}");
            foreach (int batch in new[] { 5, 1 })   // the batch axis is dynamic
            {
                using var x = randn(batch, 12) * 2;
                Tensor expected;
                using (no_grad()) expected = model.forward(x);
                using var _ = expected;
                float[][] actual = RunOnnx(path, [model.Description.Inputs[0]], [x]);
                AssertClose(expected, actual[0], $"{preset} batch {batch}");
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ExportOnnx_GraphWithSharedLayerAndTwoOutputs_NamesAndValuesMatch()
    {
        using var model = MergeGraph();
        model.eval();
        string path = TempFile();
        try
        {
            model.ExportOnnx(path);
            Keep(path, "merge_graph");
            using var session = new InferenceSession(path);
            Assert.Equal(["jets", "leptons"], session.InputMetadata.Keys);
            Assert.Equal(["score", "energy"], session.OutputMetadata.Keys);
            Assert.Equal(-1, session.InputMetadata["jets"].Dimensions[0]);
            manual_seed(3);
            using var a = randn(4, 6);
            using var b = randn(4, 6);
            Tensor[] expected = model.Forward(a, b);
            float[][] actual = RunOnnx(path, ["jets", "leptons"], [a, b]);
            AssertClose(expected[0], actual[0], "score");
            AssertClose(expected[1], actual[1], "energy");
            foreach (var t in expected) t.Dispose();
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ExportOnnx_UnsupportedLayer_RefusedByNameAndNothingWritten()
    {
        // A Lambda runs arbitrary C#: it has no ONNX form.
        using var model = new Sequential("tagger") { new Input(6), new Dense(4), new Lambda("abs", x => x.abs()) { Name = "absolute" }, new Dense(1) }.Build(seed: 1);
        string path = TempFile();
        var error = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(path));
        Assert.Contains("layer 'absolute' (Lambda) cannot be exported", error.Message);
        Assert.False(File.Exists(path));
    }
}
