using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LossFunctions;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class TargetCheckTests
{
    private static ArgumentException FitFails(Tensor labels, Loss loss, int outputs = 1, Tensor? validationLabels = null)
    {
        using var x = randn(labels.shape[0], 4);
        using var data = new TensorDataset(x, labels);
        using var validation = validationLabels is null ? null : new TensorDataset(x, validationLabels);
        using var model = TrainingData.Mlp(outputs: outputs);
        var options = new TrainerOptions { Epochs = 1, BatchSize = 16, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent, Loss = loss };
        return Assert.Throws<ArgumentException>(() => new Trainer(options).Fit(model, data, validation));
    }

    [Fact]
    public void Fit_BinaryCrossEntropyLabelsZeroToNine_ThrowsNamingLossAndRange()
    {
        using var y = arange(64).remainder(10).to_type(ScalarType.Float32);
        var e = FitFails(y, Losses.BinaryCrossEntropy(fromLogits: true));
        Assert.Equal("train", e.ParamName);
        Assert.Equal("The training labels do not fit the loss: Losses.BinaryCrossEntropy(fromLogits: true) needs targets in [0, 1] " +
                     "(0/1 labels or probabilities); the labels hold values in [0, 9]. For 10 classes give the model 10 outputs and use " +
                     "Losses.CategoricalCrossEntropy; for two classes relabel as 0 and 1. (Parameter 'train')", e.Message);
    }

    [Fact]
    public void Fit_BinaryCrossEntropyNegativeProbabilities_Throws()
    {
        using var y = full(64, -0.5f);
        var e = FitFails(y, Losses.BinaryCrossEntropy());
        Assert.Contains("Losses.BinaryCrossEntropy(fromLogits: false) needs targets in [0, 1] (0/1 labels or probabilities); the labels hold values in [-0.5, -0.5].", e.Message);
    }

    [Fact]
    public void Fit_OneHotLabelsForOneOutput_ThrowsWithDatasetShapeAndFix()
    {
        using var classes = arange(64).remainder(2);
        using var y = nn.functional.one_hot(classes, 2).to_type(ScalarType.Float32);
        var e = FitFails(y, Losses.BinaryCrossEntropy(fromLogits: true));
        Assert.Equal("The training labels do not fit the loss: Losses.BinaryCrossEntropy(fromLogits: true): the labels have shape [64, 2] " +
                     "but the model's predictions for them have shape [64, 1] (one-hot rows?): the model gives one value per sample, so give " +
                     "one label per sample, shape [64] or [64, 1] (labels.argmax(1) of one-hot rows), or give the model 2 outputs and use " +
                     "Losses.CategoricalCrossEntropy. (Parameter 'train')", e.Message);
    }

    [Fact]
    public void Fit_MeanSquaredErrorWrongShape_ThrowsWithDatasetShape()
    {
        using var y = randn(64, 3);
        var e = FitFails(y, Losses.MeanSquaredError(), outputs: 2);
        Assert.Contains("Losses.MeanSquaredError(): the labels have shape [64, 3] but the model's predictions for them have shape [64, 2]; " +
                        "give labels of shape [64, 2].", e.Message);
    }

    [Fact]
    public void Fit_CategoricalClassOutsideOutputs_ThrowsNamingClasses()
    {
        using var y = arange(64).remainder(4);
        var e = FitFails(y, Losses.CategoricalCrossEntropy(fromLogits: true), outputs: 3);
        Assert.Contains("Losses.CategoricalCrossEntropy(fromLogits: true): the labels hold classes in [0, 3] but the model has 3 outputs, " +
                        "one per class in [0, 2]; give the model 4 outputs or relabel the classes as 0 to 2.", e.Message);
    }

    [Fact]
    public void Fit_CategoricalFloatLabels_ThrowsSuggestingIndices()
    {
        using var y = arange(64).remainder(3).to_type(ScalarType.Float32);
        var e = FitFails(y, Losses.CategoricalCrossEntropy(fromLogits: true), outputs: 3);
        Assert.Contains("the labels are Float32 [64] but the model's predictions for them are [64, 3]; give integer class indices [64] in [0, 2] " +
                        "(labels.to_type(ScalarType.Int64) turns integral floats into indices) or one-hot rows [64, 3].", e.Message);
    }

    [Fact]
    public void Fit_NaNLabels_ThrowsCountingThem()
    {
        using var y = ones(64);
        using (var cell = y[7]) cell.fill_(float.NaN);
        var e = FitFails(y, Losses.MeanSquaredError());
        Assert.StartsWith("The training labels hold 1 NaN or infinite value(s); Losses.MeanSquaredError() cannot learn from them.", e.Message);
    }

    [Fact]
    public void Fit_BadValidationLabels_ThrowsNamingValidation()
    {
        using var y = ones(64);
        using var bad = full(64, 2f);
        var e = FitFails(y, Losses.BinaryCrossEntropy(fromLogits: true), validationLabels: bad);
        Assert.Equal("validation", e.ParamName);
        Assert.StartsWith("The validation labels do not fit the loss: Losses.BinaryCrossEntropy(fromLogits: true) needs targets in [0, 1]", e.Message);
    }

    [Fact]
    public void ValidateTargets_FittingTargets_DoNotThrow()
    {
        using var binary = ones(10);
        Losses.BinaryCrossEntropy().ValidateTargets(binary, [10, 1]);
        using var indices = tensor(new long[] { 0, 2, 1 });
        Losses.CategoricalCrossEntropy().ValidateTargets(indices, [3, 3]);
        using var oneHot = eye(3);
        Losses.NegativeLogLikelihood().ValidateTargets(oneHot, [3, 3]);
        using var regression = randn(5, 2);
        Losses.MeanAbsoluteError().ValidateTargets(regression, [5, 2]);
    }
}
