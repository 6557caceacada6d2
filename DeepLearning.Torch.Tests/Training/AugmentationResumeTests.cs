using DeepLearning.Torch.Data;
using DeepLearning.Torch.Data.Augmentation;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>A built CNN trained with batch augmentation resumes exactly: the augmentation's random state is checkpointed.</summary>
public sealed class AugmentationResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-aug-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Model Cnn(long seed) => new Sequential("tiny_cnn")
    {
        new Input(1, 8, 8),
        new Conv2D(4, 3, padding: PaddingMode.Same, activation: Activation.Relu),
        new MaxPooling2D(2),
        new Dropout(0.2),
        new Flatten(),
        new Dense(3),
    }.Build(seed);

    private TrainerOptions Options(string checkpoint) => new()
    {
        Epochs = 4, BatchSize = 16, Seed = 5,
        Loss = Losses.CategoricalCrossEntropy(fromLogits: true),
        Optimizer = Optimizers.Adam(1e-2),
        Augmentation = new AugmentationPipeline(new RandomHorizontalFlip(seed: 1), new RandomCrop(seed: 2, padding: 1)),
        Callbacks = { new ModelCheckpoint(Path.Combine(_dir, checkpoint)) },
    };

    [Fact]
    public void Resume_WithAugmentation_BitwiseIdenticalToUninterruptedRun()
    {
        using var x = randn(64, 1, 8, 8, generator: new Generator(3));
        using var y = arange(64, dtype: int64).remainder(3);
        using var data = new TensorDataset(x, y);
        float[] full;
        History fullHistory;
        using (var model = Cnn(1))
        {
            fullHistory = new Trainer(Options("full{epoch}.ckpt")).Fit(model, data);
            full = model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }
        using var resumed = Cnn(99);
        var history = new Trainer(Options("resumed{epoch}.ckpt")).Fit(resumed, data, resumeFrom: Path.Combine(_dir, "full2.ckpt"));
        Assert.Equal(full, resumed.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray());
        Assert.Equal(fullHistory.Epochs.Select(e => e.Values[MetricKeys.Loss]), history.Epochs.Select(e => e.Values[MetricKeys.Loss]));
    }

    [Fact]
    public void Fit_WithAugmentation_DiffersFromWithout_AndNeverAugmentsValidation()
    {
        using var x = randn(64, 1, 8, 8, generator: new Generator(3));
        using var y = arange(64, dtype: int64).remainder(3);
        using var data = new TensorDataset(x, y);
        using var a = Cnn(1);
        using var b = Cnn(1);
        var withAugmentation = Options("a{epoch}.ckpt");
        var without = Options("b{epoch}.ckpt");
        without.Augmentation = null;
        new Trainer(withAugmentation).Fit(a, data);
        new Trainer(without).Fit(b, data);
        Assert.NotEqual(a.parameters().First().data<float>().ToArray(), b.parameters().First().data<float>().ToArray());
        // Evaluation of one model is deterministic whatever the augmentation state: it is never applied there.
        var evaluate = new Trainer(Options("c{epoch}.ckpt"));
        Assert.Equal(evaluate.Evaluate(a, data)[MetricKeys.Loss], evaluate.Evaluate(a, data)[MetricKeys.Loss]);
    }
}
