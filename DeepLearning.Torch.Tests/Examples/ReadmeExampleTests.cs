using DeepLearning.Torch.Data;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Examples;

/// <summary>The twenty-line example of README.md, on synthetic jets, so the README cannot rot.</summary>
public sealed class ReadmeExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void ReadmeExample_TrainsAndEvaluates()
    {
        using var generator = new Generator(1);
        using var labels = rand(600, 1, generator: generator).gt(0.5).to_type(float32);
        using var features = randn(600, 200, 4, generator: generator).add(labels.unsqueeze(2).mul(0.5));
        using var testFeatures = features.narrow(0, 500, 100);
        int[] testLabels = labels.narrow(0, 500, 100).flatten().to(int32).data<int>().ToArray();

        Model model = new Sequential("tagger", InitPreset.Keras)
        {
            new Input(200, 4), new Flatten(),
            new Dense(128, Activation.Relu), new Dropout(0.1),
            new Dense(1),
        }.Build(seed: 1);
        Assert.Contains("Total params: 102,657", model.Summary());   // 800*128+128 + 128+1

        var trainer = new Trainer(new TrainerOptions
        {
            Epochs = 3, BatchSize = 128, Seed = 1, ValidationSplit = 0.2,
            Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(1e-3),
            Callbacks = { new EarlyStopping { Patience = 5, RestoreBestWeights = true }, new ModelCheckpoint(Path.Combine(_dir, "best.ckpt")) { SaveBestOnly = true } },
        });
        using var train = new TensorDataset(features.narrow(0, 0, 500), labels.narrow(0, 0, 500));
        History history = trainer.Fit(model, train);
        using var logits = trainer.Predict(model, testFeatures);
        double[] testScores = logits.sigmoid().flatten().to(float64).data<double>().ToArray();
        using var testLabelTensor = labels.narrow(0, 500, 100);
        RocCurve roc = RocCurve.Compute(testLabelTensor, logits);   // as README.md: float 0/1 labels [N, 1], logits [N, 1] from Predict
        Assert.Equal(RocCurve.Compute(testLabels, logits.flatten().to(float64).data<double>().ToArray()).Auc(), roc.Auc(), 12);
        Assert.True(RocCurve.Compute(testLabels, testScores).Auc() > 0.9);
        Assert.StartsWith("1/eps_B ", roc.RejectionAt(0.3).ToString(), StringComparison.Ordinal);
        Assert.Equal(3, history.Epochs.Count);
        Assert.True(roc.Auc() > 0.9, $"AUC {roc.Auc()}");
        Assert.True(File.Exists(Path.Combine(_dir, "best.ckpt")));
        model.Dispose();
    }
}
