using DeepLearning.Torch.Data;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LossFunctions;
using Microsoft.Extensions.Logging;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class OutputActivationCheckTests
{
    private static Model Classifier(Layer last, params Layer[] after)
    {
        var sequential = new Sequential("classifier") { new Input(4), new Dense(8, Activation.Relu), last };
        foreach (var layer in after) sequential.Add(layer);
        return sequential.Build(seed: 3);
    }

    private static History Fit(Model model, Loss loss, Data.ListLogger? logger = null)
    {
        using var x = randn(32, 4);
        using var y = tensor(Enumerable.Range(0, 32).Select(i => (long)(i % 3)).ToArray());
        using var yBinary = (y.eq(1)).to_type(ScalarType.Float32);
        using var data = new TensorDataset(x, loss is BinaryCrossEntropy ? yBinary : y);
        var options = new TrainerOptions
        {
            Epochs = 1, BatchSize = 16, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent, Loss = loss,
            Logger = logger ?? new Data.ListLogger(),
        };
        return new Trainer(options).Fit(model, data);
    }

    [Fact]
    public void CrossEntropyDefaults_AreFromProbabilitiesAsKeras()
    {
        Assert.False(Losses.CategoricalCrossEntropy().FromLogits);
        Assert.False(Losses.BinaryCrossEntropy().FromLogits);
        Assert.False(Losses.CategoricalCrossEntropy().FromLogits);
    }

    [Fact]
    public void Fit_SoftmaxOutputWithFromLogitsLoss_ThrowsNamingLayerAndOption()
    {
        using var model = Classifier(new Dense(3, Activation.Softmax) { Name = "scores" });
        var e = Assert.Throws<ArgumentException>(() => Fit(model, Losses.CategoricalCrossEntropy(fromLogits: true)));
        Assert.Equal("Layer 'scores' ends in softmax but Losses.CategoricalCrossEntropy(fromLogits: true) applies softmax again: " +
                     "pass fromLogits: false or drop the activation. (Parameter 'model')", e.Message);
    }

    [Fact]
    public void Fit_SoftmaxLayerBehindDropout_Throws()
    {
        using var model = Classifier(new Dense(3) { Name = "logits" }, new Activation(ActivationKind.Softmax) { Name = "probabilities" }, new Dropout(0.1));
        var e = Assert.Throws<ArgumentException>(() => Fit(model, Losses.CategoricalCrossEntropy(fromLogits: true)));
        Assert.StartsWith("Layer 'probabilities' ends in softmax", e.Message);
    }

    [Fact]
    public void Fit_SigmoidOutputWithBinaryFromLogits_Throws()
    {
        using var model = Classifier(new Dense(1, Activation.Sigmoid) { Name = "score" });
        var e = Assert.Throws<ArgumentException>(() => Fit(model, Losses.BinaryCrossEntropy(fromLogits: true)));
        Assert.StartsWith("Layer 'score' ends in sigmoid but Losses.BinaryCrossEntropy(fromLogits: true) applies sigmoid again", e.Message);
    }

    [Fact]
    public void Fit_SigmoidOutputWithCategoricalFromLogits_Throws()
    {
        using var model = Classifier(new Dense(3, Activation.Sigmoid) { Name = "scores" });
        var e = Assert.Throws<ArgumentException>(() => Fit(model, Losses.CategoricalCrossEntropy(fromLogits: true)));
        Assert.StartsWith("Layer 'scores' ends in sigmoid but Losses.CategoricalCrossEntropy(fromLogits: true) treats its outputs as logits and applies softmax", e.Message);
    }

    [Fact]
    public void Fit_LinearOutputWithProbabilityLoss_WarnsAndTrains()
    {
        using var model = Classifier(new Dense(3) { Name = "logits" });
        var logger = new Data.ListLogger();
        var history = Fit(model, Losses.CategoricalCrossEntropy(), logger);
        Assert.Equal(StopReason.Completed, history.StopReason);
        var warning = Assert.Single(logger.Messages, m => m.Level == LogLevel.Warning);
        Assert.Equal("Layer 'logits' has no activation, so its outputs are logits, but Losses.CategoricalCrossEntropy(fromLogits: false) " +
                     "expects probabilities and clamps the outputs to [1e-7, 1]: pass fromLogits: true (the loss then applies the softmax) " +
                     "or add Activation.Softmax to the layer.", warning.Text);
    }

    [Fact]
    public void Fit_MatchingActivationAndLoss_NoWarning()
    {
        using var probabilities = Classifier(new Dense(3, Activation.Softmax));
        var logger = new Data.ListLogger();
        Fit(probabilities, Losses.CategoricalCrossEntropy(), logger);
        using var logits = Classifier(new Dense(1));
        Fit(logits, Losses.BinaryCrossEntropy(fromLogits: true), logger);
        Assert.DoesNotContain(logger.Messages, m => m.Level >= LogLevel.Warning);
    }
}
