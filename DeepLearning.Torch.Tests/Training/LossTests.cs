using System.Text.Json;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LossFunctions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class LossTests
{
    private static readonly JsonElement F = Fixture.Load("losses.json");

    private static void Check(Loss loss, Tensor prediction, Tensor target, JsonElement expected)
    {
        using var scope = NewDisposeScope();
        using var w = Fixture.Tensor(F.GetProperty("weights"));
        Assert.Equal(expected.GetProperty("unweighted").GetDouble(), loss.Compute(prediction, target).item<double>(), 10);
        Assert.Equal(expected.GetProperty("weighted").GetDouble(), loss.Compute(prediction, target, w).item<double>(), 10);
    }

    [Fact]
    public void MeanSquaredError_MatchesPyTorch()
    {
        var c = F.GetProperty("regression");
        using var p = Fixture.Tensor(c.GetProperty("prediction"));
        using var t = Fixture.Tensor(c.GetProperty("target"));
        Check(Losses.MeanSquaredError(), p, t, F.GetProperty("mse"));
    }

    [Fact]
    public void MeanAbsoluteError_MatchesPyTorch()
    {
        var c = F.GetProperty("regression");
        using var p = Fixture.Tensor(c.GetProperty("prediction"));
        using var t = Fixture.Tensor(c.GetProperty("target"));
        Check(Losses.MeanAbsoluteError(), p, t, F.GetProperty("mae"));
    }

    [Fact]
    public void BinaryCrossEntropy_FromLogitsAndProbabilities_MatchPyTorch()
    {
        var c = F.GetProperty("binary");
        using var logits = Fixture.Tensor(c.GetProperty("logits"));
        using var probabilities = Fixture.Tensor(c.GetProperty("probabilities"));
        using var t = Fixture.Tensor(c.GetProperty("target"));
        Check(Losses.BinaryCrossEntropy(fromLogits: true), logits, t, F.GetProperty("bce_logits"));
        Check(Losses.BinaryCrossEntropy(), probabilities, t, F.GetProperty("bce_probabilities"));
    }

    [Fact]
    public void CategoricalCrossEntropy_IntegerAndOneHotTargets_MatchPyTorch()
    {
        var c = F.GetProperty("categorical");
        using var logits = Fixture.Tensor(c.GetProperty("logits"));
        using var probabilities = Fixture.Tensor(c.GetProperty("probabilities"));
        using var classes = Fixture.Longs(c.GetProperty("classes"));
        using var oneHot = Fixture.Tensor(c.GetProperty("one_hot"));
        Check(Losses.CategoricalCrossEntropy(fromLogits: true), logits, classes, F.GetProperty("cce_logits"));
        Check(Losses.CategoricalCrossEntropy(fromLogits: true), logits, oneHot, F.GetProperty("cce_logits"));
        Check(Losses.CategoricalCrossEntropy(fromLogits: false), probabilities, classes, F.GetProperty("cce_probabilities"));
        Check(Losses.CategoricalCrossEntropy(fromLogits: false), probabilities, oneHot, F.GetProperty("cce_probabilities"));
    }

    [Fact]
    public void NegativeLogLikelihood_MatchesPyTorch()
    {
        var c = F.GetProperty("categorical");
        using var logP = Fixture.Tensor(c.GetProperty("log_probabilities"));
        using var classes = Fixture.Longs(c.GetProperty("classes"));
        Check(Losses.NegativeLogLikelihood(), logP, classes, F.GetProperty("nll"));
    }

    [Fact]
    public void KLDivergence_ProbabilitiesAndLogProbabilities_MatchPyTorch()
    {
        var c = F.GetProperty("kl");
        using var p = Fixture.Tensor(c.GetProperty("prediction"));
        using var t = Fixture.Tensor(c.GetProperty("target"));
        using var logP = p.log();
        Check(Losses.KLDivergence(), p, t, c);
        Check(Losses.KLDivergence(logPredictions: true), logP, t, c);
    }

    [Fact]
    public void ChiSquare_WithCovariance_MatchesPyTorch()
    {
        var c = F.GetProperty("regression");
        using var p = Fixture.Tensor(c.GetProperty("prediction"));
        using var t = Fixture.Tensor(c.GetProperty("target"));
        var chi = F.GetProperty("chi_square");
        using var loss = Losses.ChiSquare(Fixture.Matrix(chi.GetProperty("covariance")));
        Check(loss, p, t, chi);
    }

    [Fact]
    public void ClassWeights_ReachTheLossThroughEvaluate()
    {
        var c = F.GetProperty("categorical");
        using var logits = Fixture.Tensor(c.GetProperty("logits"), ScalarType.Float32);
        using var classes = Fixture.Longs(c.GetProperty("classes"));
        using var data = new TensorDataset(logits, classes);
        using var identity = nn.Identity();
        var trainer = new Trainer(new TrainerOptions
        {
            Device = DeviceSelection.Cpu, BatchSize = 4, Loss = Losses.CategoricalCrossEntropy(fromLogits: true),
            ClassWeights = Fixture.Vector(F.GetProperty("class_weights")),
        });
        Assert.Equal(F.GetProperty("cce_logits_class_weighted").GetDouble(), trainer.Evaluate(identity, data)[MetricKeys.Loss], 5);
    }

    [Fact]
    public void ChiSquare_NotPositiveDefinite_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Losses.ChiSquare(new double[,] { { 1, 2 }, { 2, 1 } }));
        Assert.Equal("covariance", e.ParamName);
        Assert.Contains("positive definite", e.Message);
    }

    [Fact]
    public void ChiSquare_NotSymmetric_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Losses.ChiSquare(new double[,] { { 1, 0.5 }, { 0, 1 } }));
        Assert.Contains("symmetric", e.Message);
    }

    [Fact]
    public void Compute_BatchSizesDiffer_Throws()
    {
        using var p = zeros(4, 1);
        using var t = zeros(3);
        var e = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError().Compute(p, t));
        Assert.Contains("same batch size", e.Message);
    }

    [Fact]
    public void CategoricalCrossEntropy_ClassOutOfRange_Throws()
    {
        using var p = zeros(2, 3);
        using var t = tensor(new long[] { 0, 3 });
        var e = Assert.Throws<ArgumentException>(() => Losses.CategoricalCrossEntropy(fromLogits: true).Compute(p, t));
        Assert.Contains("[0, 3)", e.Message);
    }

    [Fact]
    public void Compute_WeightsWrongShape_Throws()
    {
        using var p = zeros(4, 1);
        using var t = zeros(4);
        using var w = ones(3);
        var e = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError().Compute(p, t, w));
        Assert.Equal("weights", e.ParamName);
    }

    [Fact]
    public void ClassLosses_UnweightedMean_EqualsTheMeanOfPerSampleForIndexAndOneHotTargets()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var logits = randn([257, 10], dtype: ScalarType.Float64, generator: generator);
        var index = randint(0, 10, [257], generator: generator);
        var oneHot = nn.functional.one_hot(index, 10).to_type(ScalarType.Float64);
        foreach (var (loss, prediction) in new (Loss, Tensor)[]
                 {
                     (Losses.CategoricalCrossEntropy(fromLogits: true), logits),
                     (Losses.CategoricalCrossEntropy(), softmax(logits, 1)),
                     (Losses.NegativeLogLikelihood(), nn.functional.log_softmax(logits, 1)),
                 })
        {
            foreach (var target in new[] { index, oneHot })
            {
                double expected = loss.PerSample(prediction, target).mean().item<double>();
                Assert.Equal(expected, loss.Compute(prediction, target).item<double>(), 12);
                Assert.Equal(expected, loss.Compute(prediction, target, null, targetsChecked: true).item<double>(), 12);
            }
        }
        var e = Assert.Throws<ArgumentException>(() => Losses.NegativeLogLikelihood().Compute(zeros(2, 3, 1), tensor(new long[] { 0, 1 })));
        Assert.Contains("[B, C]", e.Message);
    }
}
