using System.Globalization;
using System.Text.Json.Nodes;
using DeepLearning.Torch.Interop;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Tests.Examples;
using Xunit;
using static DeepLearning.Torch.Tests.Interop.InteropFixtures;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Interop;

/// <summary>
/// examples/Evaluate scoring a test set with a deployed model: the fixture tagger trained in PyTorch, as its TorchScript
/// file and as our model with its weights exported to ONNX. Both give PyTorch's scores and scikit-learn's AUC
/// (interop.json, from make_fixtures.py).
/// </summary>
public sealed class EvaluateModelScoringTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly System.Text.Json.JsonElement Tagger = Json.GetProperty("tagger");
    private readonly string folder = Directory.CreateTempSubdirectory("dltorch-evaluate-model-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The tagger's test set as Evaluate reads it: f0..f3, label.</summary>
    private string WriteInputs()
    {
        string path = Path.Combine(folder, "test.csv");
        var features = Tagger.GetProperty("features").EnumerateArray().ToArray();
        var labels = Tagger.GetProperty("labels").EnumerateArray().ToArray();
        var lines = new List<string> { "f0,f1,f2,f3,label" };
        for (int i = 0; i < features.Length; i++)
            lines.Add(string.Join(",", features[i].EnumerateArray().Select(v => v.GetDouble().ToString("R", CultureInfo.InvariantCulture))) + "," + labels[i].GetInt64());
        System.IO.File.WriteAllLines(path, lines);
        return path;
    }

    private void AssertPyTorchScoresAndAuc(string output, string log)
    {
        double[] expected = Tagger.GetProperty("scores").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        string[] rows = System.IO.File.ReadAllLines(Path.Combine(output, "scores.csv"));
        Assert.Equal("score,label", rows[0]);
        Assert.Equal(expected.Length, rows.Length - 1);
        double worst = expected.Select((e, i) => Math.Abs(e - double.Parse(rows[i + 1].Split(',')[0], CultureInfo.InvariantCulture))).Max();
        Assert.True(worst <= 1e-5, $"largest difference from PyTorch's scores {worst:E2} > 1e-5\n{log}");
        var metrics = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(output, "metrics.json")))!;
        Assert.Equal(Tagger.GetProperty("auc").GetDouble(), metrics["auc"]!.GetValue<double>(), 1e-6);
        Assert.True(System.IO.File.Exists(Path.Combine(output, "report.md")));
    }

    [Fact]
    public void Evaluate_TorchScriptTagger_ReportHasPyTorchScoresAndAuc()
    {
        string output = Path.Combine(folder, "torchscript");
        var (code, log) = ExampleRunner.Run("Evaluate", Timeout, "--torchscript", File("tagger.pt"), "--inputs", WriteInputs(), "--out", output, "--no-svg", "--bootstrap", "10");
        Assert.True(code == 0, log);
        AssertPyTorchScoresAndAuc(output, log);
    }

    [Fact]
    public void Evaluate_OnnxExportOfTheTagger_ReportHasPyTorchScoresAndAuc()
    {
        // Our model of the tagger's architecture takes the script's weights (its Linear layers are 0 and 2), then goes to ONNX.
        using (var python = TorchScriptModel.Load(File("tagger.pt")))
        using (Model ours = new Sequential("tagger") { new Input(4) { Name = "jets" }, new Dense(8, Activation.Relu), new Dense(1, Activation.Sigmoid) }.Build(seed: 1))
        {
            using (no_grad())
            {
                var weights = python.Script.state_dict();
                foreach (var (name, tensor) in ours.state_dict())
                    tensor.copy_(weights[name.Replace("dense_1.", "2.").Replace("dense.", "0.")]);
            }
            ours.ExportOnnx(Path.Combine(folder, "tagger.onnx"));
        }
        string output = Path.Combine(folder, "onnx");
        var (code, log) = ExampleRunner.Run("Evaluate", Timeout, "--onnx", Path.Combine(folder, "tagger.onnx"), "--inputs", WriteInputs(), "--out", output, "--no-svg", "--bootstrap", "10");
        Assert.True(code == 0, log);
        AssertPyTorchScoresAndAuc(output, log);
    }

    [Fact]
    public void Evaluate_OnnxWithWrongFeatureCount_ErrorNamesBothSizes()
    {
        using (Model model = new Sequential("wide") { new Input(5), new Dense(1, Activation.Sigmoid) }.Build(seed: 1))
            model.ExportOnnx(Path.Combine(folder, "wide.onnx"));
        var (code, log) = ExampleRunner.Run("Evaluate", Timeout, "--onnx", Path.Combine(folder, "wide.onnx"), "--inputs", WriteInputs(), "--out", Path.Combine(folder, "wide"));
        Assert.Equal(1, code);
        Assert.Contains("has 4 feature columns, the ONNX input 'input' of shape (5) takes 5 values per sample", log);
    }
}
