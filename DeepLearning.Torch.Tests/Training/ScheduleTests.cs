using System.Text.Json;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LearningRateSchedules;
using Xunit;

namespace DeepLearning.Torch.Tests.Training;

public class ScheduleTests
{
    private static readonly JsonElement F = Fixture.Load("schedules.json");

    private static void CheckPerEpoch(LearningRateSchedule schedule, string key)
    {
        double[] expected = Fixture.Vector(F.GetProperty(key));
        schedule.Begin(0.1, expected.Length, 1);
        for (int e = 1; e <= expected.Length; e++)
            Assert.Equal(expected[e - 1], schedule.AtEpochBegin(e)!.Value, 12);
    }

    [Fact]
    public void StepDecay_MatchesPyTorchStepLR() => CheckPerEpoch(Schedules.Step(3, 0.5), "step");

    [Fact]
    public void ExponentialDecay_MatchesPyTorchExponentialLR() => CheckPerEpoch(Schedules.Exponential(0.8), "exponential");

    [Fact]
    public void CosineAnnealing_MatchesPyTorchCosineAnnealingLR() => CheckPerEpoch(Schedules.Cosine(10, 0.001), "cosine");

    [Fact]
    public void OneCycle_MatchesPyTorchOneCycleLR()
    {
        double[] expected = Fixture.Vector(F.GetProperty("one_cycle"));
        var schedule = Schedules.OneCycle(0.5, 0.3);
        schedule.Begin(0.1, 4, 5);
        for (int s = 0; s < expected.Length; s++)
            Assert.Equal(expected[s], schedule.AtBatchBegin(s)!.Value, 12);
    }

    [Theory]
    [InlineData("sgd_momentum")]
    [InlineData("adam_beta1")]
    public void OneCycle_CycleMomentum_MatchesPyTorchOneCycleLR(string key)
    {
        double[] expected = Fixture.Vector(Fixture.Load("one_cycle_momentum.json").GetProperty(key));
        var schedule = Schedules.OneCycle(0.5, 0.3, cycleMomentum: true);
        schedule.Begin(0.1, 4, 5);
        for (int s = 0; s < expected.Length; s++)
            Assert.Equal(expected[s], schedule.MomentumAtBatchBegin(s)!.Value, 12);
        Assert.Null(Schedules.OneCycle(0.5).MomentumAtBatchBegin(0));   // off by default
    }

    [Fact]
    public void OneCycle_MomentumOutsideUnitInterval_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1) { MaxMomentum = 1.0 });
        Assert.Contains("MaxMomentum must be in [0, 1)", e.Message);
    }

    [Fact]
    public void ReduceLROnPlateau_ReducesAfterPatienceAndCoolsDown()
    {
        var schedule = new ReduceLROnPlateau(factor: 0.5, patience: 1, minDelta: 0, cooldown: 1);
        schedule.Begin(1.0, 10, 1);
        double lr = 1.0;
        double[] losses = [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.8];
        var rates = new List<double>();
        for (int e = 0; e < losses.Length; e++)
        {
            lr = schedule.AtEpochEnd(e + 1, new Dictionary<string, double> { [MetricKeys.ValidationLoss] = losses[e] }, lr) ?? lr;
            rates.Add(lr);
        }
        // wait=1 at epoch 3, reduce at epoch 4, cooldown epoch 5, wait=1 at 6... improvement at 7.
        Assert.Equal([1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5], rates);
    }

    [Fact]
    public void ReduceLROnPlateau_MissingMonitor_Throws()
    {
        var schedule = new ReduceLROnPlateau();
        schedule.Begin(1.0, 10, 1);
        var e = Assert.Throws<InvalidOperationException>(() => schedule.AtEpochEnd(1, new Dictionary<string, double> { ["loss"] = 1 }, 1));
        Assert.Contains("'val_loss'", e.Message);
    }

    [Fact]
    public void Fit_WithStepSchedule_HistoryRecordsRates()
    {
        var (x, y) = TrainingData.Blobs(64);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var history = new Trainer(new TrainerOptions
            {
                Epochs = 4, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
                Optimizer = Optimizers.Sgd(0.1), Schedule = Schedules.Step(2, 0.5),
            }).Fit(model, data);
            Assert.Equal([0.1, 0.1, 0.05, 0.05], history.Epochs.Select(e => e.LearningRate));
        }
    }

    [Fact]
    public void StepDecay_BadStepSize_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.Step(0));
        Assert.Equal("stepSize", e.ParamName);
    }
}
