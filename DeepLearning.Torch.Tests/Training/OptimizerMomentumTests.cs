using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.LearningRateSchedules;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class OptimizerMomentumTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("rmsprop")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Set_ChangesTheValueTheNextStepUses(string name)
    {
        // Two identical optimizers take one step, one gets momentum (beta1) 0.5, then both step again: the second steps differ.
        float[] Run(double? momentum)
        {
            using var w = nn.Parameter(tensor(new float[] { 1f, -2f, 0.5f }));
            using var optimizer = Create(name, w);
            for (int step = 0; step < 2; step++)
            {
                if (step == 1 && momentum is double m) OptimizerMomentum.Set(optimizer, m);
                optimizer.zero_grad();
                using var loss = (w * w).sum();
                loss.backward();
                optimizer.step();
            }
            return w.detach().data<float>().ToArray();
        }
        Assert.NotEqual(Run(null), Run(0.5));
        using var p = nn.Parameter(zeros(1));
        using var o = Create(name, p);
        OptimizerMomentum.Set(o, 0.42);
        Assert.Equal(0.42, OptimizerMomentum.Get(o));
        Assert.True(OptimizerMomentum.Supports(o));
    }

    [Fact]
    public void Fit_OneCycleCycleMomentumWithAdagrad_ThrowsNamingTheOptimizer()
    {
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var trainer = new Trainer(new TrainerOptions
            {
                Epochs = 1, BatchSize = 16, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
                Optimizer = Optimizers.Adagrad(0.1), Schedule = Schedules.OneCycle(0.1, cycleMomentum: true),
            });
            var e = Assert.Throws<ArgumentException>(() => trainer.Fit(model, data));
            Assert.Contains("OneCycle with CycleMomentum needs an optimizer with momentum (SGD, RMSprop) or beta1 (Adam, AdamW); Adagrad has neither.", e.Message);
        }
    }

    [Fact]
    public void Fit_OneCycleCycleMomentum_ReachesTheOptimizer()
    {
        float[] Train(bool cycle)
        {
            var (x, y) = TrainingData.Blobs(64);
            using (x) using (y)
            using (var data = new TensorDataset(x, y))
            using (var model = TrainingData.Mlp())
            {
                new Trainer(new TrainerOptions
                {
                    Epochs = 2, BatchSize = 16, Seed = 3, Device = DeviceSelection.Cpu, Loss = Losses.BinaryCrossEntropy(fromLogits: true),
                    Optimizer = Optimizers.Sgd(0.05, momentum: 0.9), Schedule = Schedules.OneCycle(0.1, cycleMomentum: cycle),
                }).Fit(model, data);
                return TrainingData.Flat(model);
            }
        }
        Assert.NotEqual(Train(false), Train(true));
        Assert.Equal(Train(true), Train(true));
    }

    private static optim.Optimizer Create(string name, TorchSharp.Modules.Parameter w) => name switch
    {
        "sgd" => optim.SGD([w], 0.1, momentum: 0.9),
        "rmsprop" => optim.RMSProp([w], 0.1, momentum: 0.9),
        "adam" => optim.Adam([w], 0.1),
        _ => optim.AdamW([w], 0.1),
    };
}
