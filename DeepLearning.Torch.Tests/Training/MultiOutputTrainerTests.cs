using DeepLearning.Torch.Data;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using DeepLearning.Torch.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>
/// Keras' <c>loss={...}, loss_weights={...}, metrics={...}</c>: a two-output model trained, evaluated and predicted, its
/// values against a hand computation.
/// </summary>
public sealed class MultiOutputTrainerTests : IDisposable
{
    private const double MassWeight = 0.5, TagWeight = 2.0;
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-multiout").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static TrainerOptions Options(int epochs = 1, int batchSize = 64, double validationSplit = 0, OptimizerSpec? optimizer = null) => new()
    {
        Epochs = epochs, BatchSize = batchSize, Seed = 7, Device = DeviceSelection.Cpu, ValidationSplit = validationSplit,
        Verbose = Verbosity.Silent, Optimizer = optimizer ?? Optimizers.Sgd(0.1),
        Losses = { ["mass"] = Losses.MeanSquaredError(), ["tag"] = Losses.BinaryCrossEntropy(fromLogits: true) },
        LossWeights = { ["mass"] = MassWeight, ["tag"] = TagWeight },
        OutputMetrics = { ["mass"] = [new MeanAbsoluteError()], ["tag"] = [new Accuracy(threshold: 0)] },
    };

    [Fact]
    public void Evaluate_TwoOutputsWithSampleWeights_LossesWeightsAndMetricsEqualHandComputation()
    {
        var (x, mass, label, w) = TwoOutputData.Make(40);
        using (x) using (mass) using (label) using (w)
        using (var data = new TensorDataset([x], [mass, label], w))
        using (var model = TwoOutputData.Linear())
        {
            var values = new Trainer(Options(batchSize: 16)).Evaluate(model, data);
            var reference = Reference.Of(model, x, mass, label, w);
            Assert.Equal(["loss", "mass_loss", "tag_loss", "mass_mean_absolute_error", "tag_accuracy"], values.Keys);
            Assert.Equal(reference.MassLoss, values["mass_loss"], 1e-5);
            Assert.Equal(reference.TagLoss, values["tag_loss"], 1e-5);
            Assert.Equal(MassWeight * reference.MassLoss + TagWeight * reference.TagLoss, values["loss"], 1e-5);
            Assert.Equal(reference.MassMae, values["mass_mean_absolute_error"], 1e-5);
            Assert.Equal(reference.TagAccuracy, values["tag_accuracy"], 12);
        }
    }

    [Fact]
    public void Fit_OneFullBatchSgdStep_WeightsMoveByHandComputedGradientOfWeightedLoss()
    {
        var (x, mass, label, w) = TwoOutputData.Make(32);
        using (x) using (mass) using (label) using (w)
        using (var data = new TensorDataset([x], [mass, label], w))
        using (var model = TwoOutputData.Linear())
        {
            var before = Reference.Of(model, x, mass, label, w);
            var history = new Trainer(Options(batchSize: 32)).Fit(model, data);
            var after = Reference.Parameters(model);
            const double lr = 0.1;
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(before.Mass[i] - lr * MassWeight * before.MassGradient[i], after.Mass[i], 1e-5);
                Assert.Equal(before.Tag[i] - lr * TagWeight * before.TagGradient[i], after.Tag[i], 1e-5);
            }
            // The epoch's values are those of the weights before the step (one batch).
            var logged = history.Epochs[0].Values;
            Assert.Equal(before.MassLoss, logged["mass_loss"], 1e-5);
            Assert.Equal(before.TagLoss, logged["tag_loss"], 1e-5);
            Assert.Equal(MassWeight * before.MassLoss + TagWeight * before.TagLoss, logged["loss"], 1e-5);
        }
    }

    [Fact]
    public void Fit_TwoOutputsWithValidation_HistoryKeysInKerasFormTotalIsWeightedSumMemoryFlat()
    {
        var (x, mass, label, _) = TwoOutputData.Make(96);
        using (x) using (mass) using (label)
        using (var data = new TensorDataset([x], [mass, label]))
        using (var model = TwoOutputData.Shared())
        {
            var options = Options(epochs: 8, batchSize: 16, validationSplit: 0.25, optimizer: Optimizers.Adam(0.02));
            var live = new LiveTensors();
            options.Callbacks.Add(live);
            var history = new Trainer(options).Fit(model, data);
            var first = history.Epochs[0].Values;
            var last = history.Epochs[^1].Values;
            Assert.Equal(
                ["loss", "mass_loss", "tag_loss", "mass_mean_absolute_error", "tag_accuracy",
                 "val_loss", "val_mass_loss", "val_tag_loss", "val_mass_mean_absolute_error", "val_tag_accuracy"],
                last.Keys);
            foreach (var prefix in new[] { "", "val_" })
                Assert.Equal(MassWeight * last[prefix + "mass_loss"] + TagWeight * last[prefix + "tag_loss"], last[prefix + "loss"], 1e-5);
            Assert.True(last["val_mass_loss"] < 0.5 * first["val_mass_loss"], $"val_mass_loss {first["val_mass_loss"]} -> {last["val_mass_loss"]}");
            Assert.True(last["val_tag_accuracy"] > 0.8, $"val_tag_accuracy {last["val_tag_accuracy"]}");
            Assert.All(live.Counts.Skip(1), c => Assert.Equal(live.Counts[1], c));
        }
    }

    [Fact]
    public void Fit_LabelsKeyedByOutputNameInAnyOrder_EqualsLabelsInOutputOrder()
    {
        var (x, mass, label, w) = TwoOutputData.Make(48);
        using (x) using (mass) using (label) using (w)
        using (var ordered = new TensorDataset([x], [mass, label], w))
        using (var keyed = new TensorDataset([x], new Dictionary<string, Tensor> { ["tag"] = label, ["mass"] = mass }, w))
        using (var a = TwoOutputData.Shared())
        using (var b = TwoOutputData.Shared())
        {
            var first = new Trainer(Options(epochs: 2, batchSize: 16, validationSplit: 0.25)).Fit(a, ordered);
            var second = new Trainer(Options(epochs: 2, batchSize: 16, validationSplit: 0.25)).Fit(b, keyed);
            Assert.Equal(first.Epochs.Select(e => e.Values), second.Epochs.Select(e => e.Values));
            Assert.Equal(TrainingData.Flat(a), TrainingData.Flat(b));
        }
    }

    [Fact]
    public void Resume_TwoOutputsAfterEpoch1_BitwiseIdenticalToUninterruptedRun()
    {
        var (x, mass, label, _) = TwoOutputData.Make(64);
        using (x) using (mass) using (label)
        using (var data = new TensorDataset([x], [mass, label]))
        {
            History full;
            float[] fullWeights;
            using (var model = TwoOutputData.Shared())
            {
                var options = Options(epochs: 3, batchSize: 16, validationSplit: 0.25, optimizer: Optimizers.Adam(0.01));
                options.Callbacks.Add(new ModelCheckpoint(Path.Combine(_dir, "ep{epoch}.ckpt")));
                full = new Trainer(options).Fit(model, data);
                fullWeights = TrainingData.Flat(model);
            }
            using var resumedModel = TwoOutputData.Shared(seed: 99);
            var resumed = new Trainer(Options(epochs: 3, batchSize: 16, validationSplit: 0.25, optimizer: Optimizers.Adam(0.01)))
                .Fit(resumedModel, data, resumeFrom: Path.Combine(_dir, "ep1.ckpt"));
            Assert.Equal(fullWeights, TrainingData.Flat(resumedModel));
            Assert.Equal(full.Epochs.Select(e => e.Values), resumed.Epochs.Select(e => e.Values));
        }
    }

    [Fact]
    public void Resume_WithOtherLossWeight_RefusedNamingTheSetting()
    {
        var (x, mass, label, _) = TwoOutputData.Make(32);
        using (x) using (mass) using (label)
        using (var data = new TensorDataset([x], [mass, label]))
        using (var model = TwoOutputData.Linear())
        {
            var options = Options(batchSize: 16);
            options.Callbacks.Add(new ModelCheckpoint(Path.Combine(_dir, "ep{epoch}.ckpt")));
            new Trainer(options).Fit(model, data);
            var other = Options(epochs: 2, batchSize: 16);
            other.LossWeights["tag"] = 1;
            var e = Assert.Throws<DeepLearning.Torch.Training.Checkpoints.CheckpointException>(
                () => new Trainer(other).Fit(model, data, resumeFrom: Path.Combine(_dir, "ep1.ckpt")));
            Assert.Contains("loss weights: mass: 0.5, tag: 2 in the checkpoint, mass: 0.5, tag: 1 now", e.Message);
        }
    }

    [Fact]
    public void PredictOutputs_TwoOutputs_EveryOutputByNameEqualsForward()
    {
        var (x, mass, label, _) = TwoOutputData.Make(50);
        using (x) using (mass) using (label)
        using (var model = TwoOutputData.Shared())
        {
            var trainer = new Trainer(Options(batchSize: 16));
            var predictions = trainer.PredictOutputs(model, [x]);
            model.eval();
            using var noGrad = no_grad();
            var direct = model.Forward(x);
            Assert.Equal(["mass", "tag"], predictions.Keys);
            Assert.True(predictions["mass"].allclose(direct[0], rtol: 1e-6, atol: 1e-7));
            Assert.True(predictions["tag"].allclose(direct[1], rtol: 1e-6, atol: 1e-7));
            var e = Assert.Throws<ArgumentException>(() => trainer.Predict(model, x));
            Assert.Equal("Model 'two_out' has 2 outputs (mass, tag); Predict returns one tensor: call PredictOutputs, which returns every output keyed by name. (Parameter 'model')", e.Message);
            foreach (var t in predictions.Values.Concat(direct)) t.Dispose();
        }
    }

    [Fact]
    public void Fit_OneLossForTwoOutputs_AppliesItToEachOutput()
    {
        var (x, mass, label, _) = TwoOutputData.Make(32);
        using (x) using (mass) using (label)
        using (var data = new TensorDataset([x], [mass, label]))
        using (var model = TwoOutputData.Linear())
        {
            var trainer = new Trainer(new TrainerOptions { BatchSize = 8, Device = DeviceSelection.Cpu, Loss = Losses.MeanSquaredError() });
            var values = trainer.Evaluate(model, data);
            Assert.Equal(values["mass_loss"] + values["tag_loss"], values["loss"], 1e-6);
        }
    }

    [Theory]
    [InlineData("unknown loss")]
    [InlineData("missing loss")]
    [InlineData("both")]
    [InlineData("flat metrics")]
    [InlineData("class weights")]
    [InlineData("keyed labels")]
    [InlineData("shared metric")]
    public void Fit_OutputsLossesAndLabelsDoNotFit_ThrowsNamingThem(string problem)
    {
        var (x, mass, label, _) = TwoOutputData.Make(16);
        using (x) using (mass) using (label)
        using (var ordered = new TensorDataset([x], [mass, label]))
        using (var keyed = new TensorDataset([x], new Dictionary<string, Tensor> { ["mass"] = mass, ["tags"] = label }))
        using (var model = TwoOutputData.Linear())
        {
            var options = new TrainerOptions { Epochs = 1, Device = DeviceSelection.Cpu, Verbose = Verbosity.Silent };
            var data = ordered;
            string expected;
            Type type = typeof(ArgumentException);
            switch (problem)
            {
                case "unknown loss":
                    options.Losses["mass"] = Losses.MeanSquaredError();
                    options.Losses["tags"] = Losses.BinaryCrossEntropy();
                    expected = "TrainerOptions.Losses names 'tags', but Model 'two_out' has 2 outputs: mass, tag; key it by output name. (Parameter 'TrainerOptions')";
                    break;
                case "missing loss":
                    options.Losses["mass"] = Losses.MeanSquaredError();
                    type = typeof(InvalidOperationException);
                    expected = "Model 'two_out' has 2 outputs: mass, tag, and TrainerOptions.Losses gives no loss for tag: add TrainerOptions.Losses[\"tag\"], " +
                               "or set TrainerOptions.Loss to use one loss for every output.";
                    break;
                case "both":
                    options.Loss = Losses.MeanSquaredError();
                    options.Losses["mass"] = Losses.MeanSquaredError();
                    expected = "Set TrainerOptions.Loss (one loss for every output) or TrainerOptions.Losses (one per output, keyed by output name), not both. (Parameter 'options')";
                    break;
                case "flat metrics":
                    options.Loss = Losses.MeanSquaredError();
                    options.Metrics.Add(new Accuracy());
                    expected = "TrainerOptions.Metrics apply to a model with one output; Model 'two_out' has 2 outputs: mass, tag. Give the metrics per output, " +
                               "e.g. TrainerOptions.OutputMetrics[\"mass\"] = [new Accuracy()]. (Parameter 'options')";
                    break;
                case "class weights":
                    options.Loss = Losses.MeanSquaredError();
                    options.ClassWeights = [1, 2];
                    expected = "TrainerOptions.ClassWeights apply to a model with one output; Model 'two_out' has 2 outputs: mass, tag. " +
                               "Weight the samples instead (the dataset's weights apply to every output). (Parameter 'options')";
                    break;
                case "keyed labels":
                    options.Loss = Losses.MeanSquaredError();
                    data = keyed;
                    expected = "The training labels are keyed mass, tags, but Model 'two_out' has 2 outputs (mass, tag); no labels for tag; 'tags' is not an output. " +
                               "Key each label tensor by its output's name. (Parameter 'train')";
                    break;
                default:
                    options.Loss = Losses.MeanSquaredError();
                    var shared = new MeanAbsoluteError();
                    options.OutputMetrics["mass"] = [shared];
                    options.OutputMetrics["tag"] = [shared];
                    expected = "One MeanAbsoluteError object is given to several outputs; a metric accumulates the values of one output, so give each output its own. (Parameter 'options')";
                    break;
            }
            var e = Assert.Throws(type, () => new Trainer(options).Fit(model, data));
            Assert.Equal(expected, e.Message);
            Assert.False(options.IsFrozen);
        }
    }

    [Fact]
    public void Fit_SecondOutputLabelsDoNotFitItsLoss_ThrowsNamingTheOutput()
    {
        var (x, mass, _, _) = TwoOutputData.Make(16);
        using (x) using (mass)
        using (var classes = arange(16).remainder(3).to_type(ScalarType.Float32).unsqueeze(1))
        using (var data = new TensorDataset([x], [mass, classes]))
        using (var model = TwoOutputData.Linear())
        {
            var e = Assert.Throws<ArgumentException>(() => new Trainer(Options()).Fit(model, data));
            Assert.StartsWith("The training labels of output tag do not fit the loss: Losses.BinaryCrossEntropy(fromLogits: true) needs targets in [0, 1]", e.Message);
        }
    }

    /// <summary>The values and gradients of the two linear heads, computed in double from the tensors' numbers.</summary>
    private sealed record Reference(double[] Mass, double[] Tag, double MassLoss, double TagLoss, double MassMae, double TagAccuracy,
        double[] MassGradient, double[] TagGradient)
    {
        internal static (double[] Mass, double[] Tag) Parameters(Model model)
        {
            double[] Of(string head) =>
            [
                .. model.named_parameters().Single(p => p.name.StartsWith(head + ".") && p.name.EndsWith("weight")).parameter.data<float>().ToArray().Select(v => (double)v),
                model.named_parameters().Single(p => p.name.StartsWith(head + ".") && p.name.EndsWith("bias")).parameter.data<float>()[0],
            ];
            return (Of("mass"), Of("tag"));
        }

        internal static Reference Of(Model model, Tensor x, Tensor mass, Tensor label, Tensor weights)
        {
            var (m, t) = Parameters(model);
            float[] xs = x.data<float>().ToArray(), ys = mass.data<float>().ToArray(), cs = label.data<float>().ToArray(), ws = weights.data<float>().ToArray();
            int n = ys.Length;
            double mse = 0, bce = 0, mae = 0, correct = 0, wsum = 0;
            var gm = new double[3];
            var gt = new double[3];
            for (int i = 0; i < n; i++)
            {
                double x0 = xs[2 * i], x1 = xs[2 * i + 1], w = ws[i];
                double p = m[0] * x0 + m[1] * x1 + m[2];
                double z = t[0] * x0 + t[1] * x1 + t[2];
                double r = p - ys[i];
                mse += w * r * r / n;
                bce += w * (Math.Max(z, 0) - z * cs[i] + Math.Log(1 + Math.Exp(-Math.Abs(z)))) / n;
                mae += w * Math.Abs(r);
                correct += (z > 0 ? 1 : 0) == cs[i] ? w : 0;
                wsum += w;
                double dp = 2 * w * r / n, dz = w * (1 / (1 + Math.Exp(-z)) - cs[i]) / n;
                gm[0] += dp * x0; gm[1] += dp * x1; gm[2] += dp;
                gt[0] += dz * x0; gt[1] += dz * x1; gt[2] += dz;
            }
            return new Reference(m, t, mse, bce, mae / wsum, correct / wsum, gm, gt);
        }
    }
}
