using DeepLearning.Torch.Data;
using DeepLearning.Torch.Tests.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Data whose inputs do not fit the model: clear errors before any training step.</summary>
public sealed class MultiInputErrorTests
{
    private const string TwoBranchGotOne =
        "Model 'two_branch' takes 2 input(s) but the data has {0}; give one tensor per model input, in the model's order, e.g. new TensorDataset([x1, x2], y). (Parameter '{1}')";

    private static Trainer Trainer() => new(new TrainerOptions
    {
        Epochs = 1, BatchSize = 16, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
    });

    [Fact]
    public void FitEvaluatePredict_PlainModuleWithTwoInputs_ThrowNamingModuleAndCount()
    {
        var (x1, x2, y) = TwoInputData.Make(32);
        using (x1) using (x2) using (y)
        using (var data = new TensorDataset([x1, x2], y))
        using (var sequential = nn.Sequential(("dense", nn.Linear(3, 1))))
        using (var named = new Identity("passthrough"))
        {
            const string expected = "The model {0} is a Module<Tensor, Tensor> taking one input, but the data has 2 inputs; "
                + "build it as a DeepLearning.Torch.Models.Model with one Input per tensor (Model.FromGraph), or join the inputs into one tensor. (Parameter '{1}')";
            Assert.Equal(string.Format(expected, "Sequential", "train"), Assert.Throws<ArgumentException>(() => Trainer().Fit(sequential, data)).Message);
            Assert.Equal(string.Format(expected, "Sequential", "data"), Assert.Throws<ArgumentException>(() => Trainer().Evaluate(sequential, data)).Message);
            Assert.Equal(string.Format(expected, "Identity 'passthrough'", "inputs"),
                Assert.Throws<ArgumentException>(() => Trainer().Predict(named, [x1, x2])).Message);
        }
    }

    [Fact]
    public void FitEvaluatePredict_WrongNumberOfInputs_ThrowNamingModelAndCounts()
    {
        var (x1, x2, y) = TwoInputData.Make(32);
        using (x1) using (x2) using (y)
        using (var one = new TensorDataset(x1, y))
        using (var three = new TensorDataset([x1, x2, x1], y))
        using (var model = TwoInputData.TwoBranch(seed: 1))
        {
            Assert.Equal(string.Format(TwoBranchGotOne, 1, "train"), Assert.Throws<ArgumentException>(() => Trainer().Fit(model, one)).Message);
            Assert.Equal(string.Format(TwoBranchGotOne, 3, "train"), Assert.Throws<ArgumentException>(() => Trainer().Fit(model, three)).Message);
            Assert.Equal(string.Format(TwoBranchGotOne, 1, "data"), Assert.Throws<ArgumentException>(() => Trainer().Evaluate(model, one)).Message);
            Assert.Equal(string.Format(TwoBranchGotOne, 1, "features"), Assert.Throws<ArgumentException>(() => Trainer().Predict(model, x1)).Message);
            Assert.Equal(string.Format(TwoBranchGotOne, 3, "inputs"), Assert.Throws<ArgumentException>(() => Trainer().Predict(model, [x1, x2, x1])).Message);
        }
    }

    [Fact]
    public void Fit_ValidationWithOtherInputCount_Throws()
    {
        var (x1, x2, y) = TwoInputData.Make(32);
        using (x1) using (x2) using (y)
        using (var train = new TensorDataset([x1, x2], y))
        using (var validation = new TensorDataset(x1, y))
        using (var model = TwoInputData.TwoBranch(seed: 1))
        {
            var e = Assert.Throws<ArgumentException>(() => Trainer().Fit(model, train, validation));
            Assert.Equal("The validation dataset has 1 input(s) but the training dataset has 2. (Parameter 'validation')", e.Message);
        }
    }

    [Fact]
    public void Predict_InputRowCountsDiffer_ThrowsNamingInput()
    {
        using var x1 = zeros(20, 3);
        using var x2 = zeros(19, 2);
        using var model = TwoInputData.TwoBranch(seed: 1);
        var e = Assert.Throws<ArgumentException>(() => Trainer().Predict(model, [x1, x2]));
        Assert.Equal("Input 1 has 19 rows but input 0 has 20; all inputs need one row per sample (shape [19, 2]). (Parameter 'inputs')", e.Message);
    }

    [Fact]
    public void Fit_TwoInputModelWithTwoOutputsAndOneLabelTensor_ThrowsNamingOutputs()
    {
        using var image = zeros(8, 1, 12, 12);
        using var features = zeros(8, 6);
        using var y = zeros(8, 1);
        using var data = new TensorDataset([image, features], y);
        using var model = FunctionalGraphTests.TwoInputTagger();
        var trainer = new Trainer(new TrainerOptions
        {
            Epochs = 1, Device = DeviceSelection.Cpu,
            Losses = { ["score"] = Losses.BinaryCrossEntropy(), ["energy"] = Losses.MeanSquaredError() },
        });
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(model, data));
        Assert.Equal("The training data has 1 label tensor but Model 'tagger' has 2 outputs (score, energy); give one label tensor per output, " +
                     "in output order or keyed by output name: new TensorDataset([x], [y_score, y_energy]). (Parameter 'train')", e.Message);
    }

    /// <summary>A plain module with a user-given name.</summary>
    private sealed class Identity(string name) : nn.Module<Tensor, Tensor>(name)
    {
        public override Tensor forward(Tensor input) => input.alias();
    }
}
