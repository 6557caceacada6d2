using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>A batch that does not fit the model: the error names the layer, the expected and the received shape, unchanged through the trainer.</summary>
public sealed class ModelInputTests
{
    private const string Expected = "Model 'tagger', layer 'input' (Input): expected batches of shape (N, 3, 8, 8), got ({0}). (Parameter 'input')";

    private static Model Build() => new Sequential("tagger")
    {
        new Input(3, 8, 8), new Conv2D(4, 3, activation: Activation.Relu), new Flatten(), new Dense(1),
    }.Build(seed: 1);

    private static Trainer Trainer() => new(new TrainerOptions
    {
        Epochs = 1, BatchSize = 8, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
    });

    [Theory]
    [InlineData(new long[] { 20, 3, 8, 9 }, "8, 3, 8, 9")]
    [InlineData(new long[] { 20, 8, 8, 3 }, "8, 8, 8, 3")]
    [InlineData(new long[] { 20, 192 }, "8, 192")]
    public void Fit_BatchOfWrongShape_ThrowsNamingLayerExpectedAndReceivedShape(long[] shape, string received)
    {
        using var model = Build();
        using var x = zeros(shape);
        using var y = zeros(shape[0]);
        using var data = new TensorDataset(x, y);
        var e = Assert.Throws<ArgumentException>(() => Trainer().Fit(model, data));
        Assert.Equal(string.Format(Expected, received), e.Message);
    }

    [Fact]
    public void PredictAndEvaluate_BatchOfWrongShape_ThrowTheModelsMessageUnchanged()
    {
        using var model = Build();
        using var x = zeros(20, 3, 7, 8);
        using var y = zeros(20);
        using var data = new TensorDataset(x, y);
        var predict = Assert.Throws<ArgumentException>(() => Trainer().Predict(model, x));
        Assert.Equal(string.Format(Expected, "8, 3, 7, 8"), predict.Message);
        var evaluate = Assert.Throws<ArgumentException>(() => Trainer().Evaluate(model, data));
        Assert.Equal(string.Format(Expected, "8, 3, 7, 8"), evaluate.Message);
    }
}
