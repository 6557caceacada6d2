using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>Custom training steps (Keras' <c>train_step</c>): a two-optimizer GAN-like step, and the built-in step written by hand.</summary>
public sealed class TrainingStepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-step").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private TrainerOptions GanOptions(int epochs = 3) => new()
    {
        Epochs = epochs, BatchSize = 16, Seed = 11, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent, ValidationSplit = 0.25,
        Optimizer = Optimizers.Adam(0.01), Step = new GanStep(),
        Callbacks =
        {
            new ModelCheckpoint(Path.Combine(_dir, "gan{epoch}.ckpt")),
            new EarlyStopping { MonitorKey = "val_g_loss", Patience = 10 },
        },
    };

    [Fact]
    public void Fit_GanStepWithTwoOptimizers_TrainsBothLogsItsKeysAndKeepsMemoryFlat()
    {
        using var real = RealSamples();
        using var data = new TensorDataset(real);
        using var gan = new TinyGan(seed: 1);
        var generatorBefore = TrainingData.Flat(gan.Generator);
        var criticBefore = TrainingData.Flat(gan.Critic);
        var options = GanOptions(epochs: 5);
        var live = new LiveTensors();
        options.Callbacks.Add(live);
        var history = new Trainer(options).Fit(gan, data);
        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.Equal(["d_loss", "g_loss", "val_g_loss"], history.Epochs[0].Values.Keys);
        Assert.NotEqual(generatorBefore, TrainingData.Flat(gan.Generator));
        Assert.NotEqual(criticBefore, TrainingData.Flat(gan.Critic));
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.Values["d_loss"]) && double.IsFinite(e.Values["g_loss"])));
        // Native memory stays flat: the step's tensors live in the batch scope.
        Assert.All(live.Counts.Skip(1), c => Assert.Equal(live.Counts[1], c));
    }

    [Fact]
    public void Resume_GanStepAfterEpoch1_BitwiseIdenticalToUninterruptedRun()
    {
        using var real = RealSamples();
        using var data = new TensorDataset(real);
        History full;
        float[] fullWeights;
        using (var gan = new TinyGan(seed: 1))
        {
            full = new Trainer(GanOptions()).Fit(gan, data);
            fullWeights = TrainingData.Flat(gan);
        }
        using (var noise = randn(100)) { }
        using var resumedGan = new TinyGan(seed: 5);
        var resumed = new Trainer(GanOptions()).Fit(resumedGan, data, resumeFrom: Path.Combine(_dir, "gan1.ckpt"));
        Assert.Equal(fullWeights, TrainingData.Flat(resumedGan));
        Assert.Equal(full.Epochs.Select(e => e.Values), resumed.Epochs.Select(e => e.Values));
    }

    [Fact]
    public void Resume_WithAnotherStep_RefusedNamingTheSetting()
    {
        using var real = RealSamples();
        using var data = new TensorDataset(real);
        using var gan = new TinyGan(seed: 1);
        new Trainer(GanOptions(epochs: 1)).Fit(gan, data);
        var options = GanOptions();
        options.Step = new OneOptimizerGanStep();
        var e = Assert.Throws<DeepLearning.Torch.Training.Checkpoints.CheckpointException>(
            () => new Trainer(options).Fit(gan, data, resumeFrom: Path.Combine(_dir, "gan1.ckpt")));
        Assert.Contains("training step: DeepLearning.Torch.Tests.Training.TrainingStepTests+GanStep in the checkpoint, DeepLearning.Torch.Tests.Training.TrainingStepTests+OneOptimizerGanStep now", e.Message);
    }

    [Fact]
    public void Fit_HandWrittenBuiltInStep_BitwiseSameWeightsAndHistoryAsBuiltIn()
    {
        var (x, y) = TrainingData.Blobs(160);
        using (x) using (y)
        using (var w = linspace(0.5, 1.5, 160))
        using (var data = new TensorDataset(x, y, w))
        {
            History Run(TrainingStep step, out float[] weights)
            {
                using var model = TrainingData.Mlp(seed: 3, dropout: 0.2);
                var options = new TrainerOptions
                {
                    Epochs = 3, BatchSize = 16, Seed = 2, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent, ValidationSplit = 0.2,
                    Loss = Losses.BinaryCrossEntropy(fromLogits: true), Optimizer = Optimizers.Adam(0.01), GradientClipNorm = 0.5,
                    Metrics = { new Accuracy(threshold: 0), new Auc() }, Step = step,
                };
                var history = new Trainer(options).Fit(model, data);
                weights = TrainingData.Flat(model);
                return history;
            }
            var builtIn = Run(new TrainingStep(), out var builtInWeights);
            var handWritten = Run(new HandWrittenStep(), out var handWrittenWeights);
            Assert.Equal(builtInWeights, handWrittenWeights);
            Assert.Equal(builtIn.Epochs.Select(e => e.Values), handWritten.Epochs.Select(e => e.Values));
        }
    }

    [Fact]
    public void Fit_StepAddingAKlTermToTheOptionsLoss_LogsEachTermAndTheirSum()
    {
        var (x, y) = TrainingData.Linear(96);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        {
            random.manual_seed(2);
            using var model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 2));
            var options = new TrainerOptions
            {
                Epochs = 3, BatchSize = 16, Seed = 1, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent,
                Loss = Losses.MeanSquaredError(), Optimizer = Optimizers.Adam(0.01), Step = new KlStep(),
            };
            var history = new Trainer(options).Fit(model, data);
            Assert.Equal(["loss", "kl", "reconstruction_loss"], history.Epochs[0].Values.Keys);
            foreach (var e in history.Epochs)
                Assert.Equal(e.Values["reconstruction_loss"] + KlStep.Beta * e.Values["kl"], e.Values["loss"], 1e-5);
        }
    }

    [Fact]
    public void Fit_StepCreatesNoOptimizer_ThrowsNamingTheStep()
    {
        var (x, y) = TrainingData.Blobs(32);
        using (x) using (y)
        using (var data = new TensorDataset(x, y))
        using (var model = TrainingData.Mlp())
        {
            var options = new TrainerOptions { Epochs = 1, Device = DeviceSelection.Cpu, Loss = Losses.MeanSquaredError(), Step = new NoOptimizerStep() };
            var e = Assert.Throws<InvalidOperationException>(() => new Trainer(options).Fit(model, data));
            Assert.Equal("NoOptimizerStep.CreateOptimizers returned no optimizer (or a null one); a step needs at least one.", e.Message);
        }
    }

    /// <summary>200 points of a Gaussian around (2, -1).</summary>
    private static Tensor RealSamples()
    {
        using var g = new Generator(4);
        using var scope = NewDisposeScope();
        return (randn(200, 2, generator: g) * 0.5f + tensor(new[] { 2f, -1f })).MoveToOuterDisposeScope();
    }

    /// <summary>A generator (noise [2] to points [2]) and a critic with dropout (points to a logit), as one module.</summary>
    private sealed class TinyGan : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> generator;
        private readonly nn.Module<Tensor, Tensor> critic;

        public TinyGan(long seed) : base("tiny_gan")
        {
            random.manual_seed(seed);
            generator = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2));
            critic = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 1));
            RegisterComponents();
        }

        public nn.Module<Tensor, Tensor> Generator => generator;

        public nn.Module<Tensor, Tensor> Critic => critic;

        public override Tensor forward(Tensor noise) => generator.forward(noise);
    }

    /// <summary>The critic learns real from fake with the first optimizer, then the generator fools it with the second.</summary>
    private class GanStep : TrainingStep
    {
        public override IReadOnlyList<optim.Optimizer> CreateOptimizers(nn.Module<Tensor, Tensor> model, TrainerOptions options)
        {
            var gan = (TinyGan)model;
            return [options.Optimizer.Create(gan.Critic.parameters()), options.Optimizer.Create(gan.Generator.parameters())];
        }

        public override IReadOnlyDictionary<string, Tensor> Train(StepContext context, Batch batch)
        {
            var gan = (TinyGan)context.Model;
            var fake = gan.Generator.forward(randn(batch.Count, 2));
            var dLoss = Bce(gan.Critic.forward(batch.Features), 1) + Bce(gan.Critic.forward(fake.detach()), 0);
            context.Minimize(dLoss, context.Optimizers[0]);
            var gLoss = Bce(gan.Critic.forward(fake), 1);
            context.Minimize(gLoss, context.Optimizers[^1]);
            return new Dictionary<string, Tensor> { ["d_loss"] = dLoss, ["g_loss"] = gLoss };
        }

        public override IReadOnlyDictionary<string, Tensor> Validate(StepContext context, Batch batch)
        {
            var gan = (TinyGan)context.Model;
            return new Dictionary<string, Tensor> { ["g_loss"] = Bce(gan.Critic.forward(gan.Generator.forward(randn(batch.Count, 2))), 1) };
        }

        private static Tensor Bce(Tensor logits, float target) => nn.functional.binary_cross_entropy_with_logits(logits, full_like(logits, target));
    }

    /// <summary>The GAN step with one optimizer over both networks.</summary>
    private sealed class OneOptimizerGanStep : GanStep
    {
        public override IReadOnlyList<optim.Optimizer> CreateOptimizers(nn.Module<Tensor, Tensor> model, TrainerOptions options) =>
            [options.Optimizer.Create(model.parameters())];
    }

    /// <summary>What the built-in step does for one output, written with the public pieces.</summary>
    private sealed class HandWrittenStep : TrainingStep
    {
        public override IReadOnlyDictionary<string, Tensor> Train(StepContext context, Batch batch)
        {
            var prediction = context.Model.forward(batch.Features);
            var loss = context.Options.Loss!.Compute(prediction, batch.Labels!, batch.Weights);
            if (context.Minimize(loss)) context.UpdateMetrics([prediction], batch);
            return new Dictionary<string, Tensor> { [MetricKeys.Loss] = loss };
        }
    }

    /// <summary>A VAE-like step: the options' loss plus a weighted penalty on the predictions' size (standing in for a KL term).</summary>
    private sealed class KlStep : TrainingStep
    {
        public const double Beta = 0.1;

        public override IReadOnlyDictionary<string, Tensor> Train(StepContext context, Batch batch)
        {
            var predictions = context.Forward(batch);
            var reconstruction = context.ComputeLoss(predictions, batch);
            var kl = 0.5 * predictions[0].pow(2).sum(1).mean();
            var loss = reconstruction + Beta * kl;
            context.Minimize(loss);
            return new Dictionary<string, Tensor> { ["kl"] = kl, ["loss"] = loss, ["reconstruction_loss"] = reconstruction };
        }
    }

    private sealed class NoOptimizerStep : TrainingStep
    {
        public override IReadOnlyList<optim.Optimizer> CreateOptimizers(nn.Module<Tensor, Tensor> model, TrainerOptions options) => [];
    }
}
