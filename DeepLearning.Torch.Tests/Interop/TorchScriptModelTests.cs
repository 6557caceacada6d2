using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Interop;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using Xunit;
using static DeepLearning.Torch.Tests.Interop.InteropFixtures;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Interop;

/// <summary>A tagger trained in PyTorch and saved with torch.jit.save, scored by our Trainer and evaluation.</summary>
public class TorchScriptModelTests
{
    private static readonly System.Text.Json.JsonElement Tagger = Json.GetProperty("tagger");

    [Fact]
    public void Load_JitSavedTagger_PredictGivesPyTorchScores()
    {
        using var model = TorchScriptModel.Load(File("tagger.pt"));
        using var features = Values(Tagger.GetProperty("features"));
        using var expected = Values(Tagger.GetProperty("scores"));
        using var scores = new Trainer(new TrainerOptions { BatchSize = 32 }).Predict(model, features);   // four batches
        Assert.Equal([expected.shape[0], 1], scores.shape);
        double worst = scores.squeeze(1).sub(expected).abs().max().item<float>();
        Assert.True(worst <= 1e-5, $"largest difference from PyTorch {worst:E2} > 1e-5");
        using var labels = tensor(Tagger.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        Assert.Equal(Tagger.GetProperty("auc").GetDouble(), RocCurve.Compute(labels, scores).Auc(), 1e-6);
    }

    [Fact]
    public void Load_TaggerAndOurs_ComparedInOneReport()
    {
        using var python = TorchScriptModel.Load(File("tagger.pt"));
        // Ours, the same architecture, takes the script's weights: its Linear layers are 0 and 2 of the script.
        using Model ours = new Sequential("ours") { new Input(4), new Dense(8, Activation.Relu), new Dense(1, Activation.Sigmoid) }.Build(seed: 1);
        using (no_grad())
        {
            var weights = python.Script.state_dict();
            foreach (var (name, tensor) in ours.state_dict())
                tensor.copy_(weights[name.Replace("dense_1.", "2.").Replace("dense.", "0.")]);
        }
        using var features = Values(Tagger.GetProperty("features"));
        using var labels = tensor(Tagger.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        var trainer = new Trainer(new TrainerOptions());
        using Tensor pythonScores = trainer.Predict(python, features), ourScores = trainer.Predict(ours, features);
        Assert.True(ourScores.allclose(pythonScores, 0, 1e-5));
        RocCurve pythonRoc = RocCurve.Compute(labels, pythonScores), ourRoc = RocCurve.Compute(labels, ourScores);

        string folder = Directory.CreateTempSubdirectory("dltorch-interop-report-").FullName;
        try
        {
            var report = new ReportWriter(folder);
            report.Metrics["auc_pytorch"] = pythonRoc.Auc();
            report.Metrics["auc_ours"] = ourRoc.Auc();
            report.AddFigure("roc", RocDisplay.From(pythonRoc, "PyTorch (TorchScript)").Add(ourRoc, "ours").Plot(), "Both taggers on one test set");
            report.Write();
            Assert.True(System.IO.File.Exists(Path.Combine(folder, "report.md")));
            Assert.Equal(pythonRoc.Auc(), ourRoc.Auc(), 1e-9);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_NotTorchScript_ThrowsWithTheReason()
    {
        var e = Assert.Throws<WeightLoadException>(() => TorchScriptModel.Load(File("cnn.pt")));
        Assert.StartsWith($"'{File("cnn.pt")}' cannot be loaded as TorchScript", e.Message);
    }
}
