using DeepLearning.Torch.Data;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using Xunit;
using static TorchSharp.torch;

// A researcher's own unit test: libtorch must load in the test output as it does in the application's.
public class TaggerTests
{
    [Fact]
    public void Fit_SeparableToyData_RanksSignalAboveBackground()
    {
        using var generator = new Generator(7);
        using Tensor y = randint(0, 2, [1000, 1], generator: generator).to_type(float32);
        using Tensor x = randn([1000, 8], generator: generator) + 2 * y;
        using Model model = new Sequential("t") { new Input(8), new Dense(16, Activation.Relu), new Dense(1) }.Build(seed: 1);
        var trainer = new Trainer(new TrainerOptions { Epochs = 3, Seed = 1, Loss = Losses.BinaryCrossEntropy(fromLogits: true) });
        trainer.Fit(model, new TensorDataset(x, y));
        using Tensor scores = trainer.Predict(model, x).flatten();
        Assert.True(RocCurve.Compute(y.flatten(), scores).Auc() > 0.9);
    }
}
