using System.Text.Json;
using DeepLearning.Torch.Data;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Training;

public class OptimizerTests
{
    private static readonly JsonElement F = Fixture.Load("optimizers.json");

    public static TheoryData<string> Names => ["sgd", "sgd_nesterov", "adam", "adamw", "rmsprop", "adagrad", "adadelta"];

    private static OptimizerSpec Make(string name) => name switch
    {
        "sgd" => Optimizers.Sgd(0.05),
        "sgd_nesterov" => Optimizers.Sgd(0.05, momentum: 0.9, nesterov: true),
        "adam" => Optimizers.Adam(0.05),
        "adamw" => Optimizers.AdamW(0.05, weightDecay: 0.01),
        "rmsprop" => Optimizers.RmsProp(0.01),
        "adagrad" => Optimizers.Adagrad(0.1),
        "adadelta" => Optimizers.Adadelta(1.0),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Optimizer_FiveSteps_MatchPyTorchAndLossDecreases(string name)
    {
        using var scope = NewDisposeScope();
        var x = Fixture.Tensor(F.GetProperty("x"), ScalarType.Float32);
        var y = Fixture.Tensor(F.GetProperty("y"), ScalarType.Float32);
        var lin = nn.Linear(3, 1);
        using (no_grad())
        {
            lin.weight!.copy_(Fixture.Tensor(F.GetProperty("w0"), ScalarType.Float32));
            lin.bias!.copy_(Fixture.Tensor(F.GetProperty("b0"), ScalarType.Float32));
        }
        using var optimizer = Make(name).Create(lin.parameters());
        var losses = new List<double>();
        for (int s = 0; s < 5; s++)
        {
            optimizer.zero_grad();
            var loss = (lin.forward(x) - y).square().mean();
            losses.Add(loss.item<float>());
            loss.backward();
            optimizer.step();
        }
        var expected = F.GetProperty("results").GetProperty(name);
        Assert.Equal(Fixture.Vector(expected.GetProperty("losses")), losses, (a, b) => Math.Abs(a - b) < 1e-5 * Math.Max(1, Math.Abs(a)));
        var w = Fixture.Tensor(expected.GetProperty("weight"), ScalarType.Float32);
        Assert.True(lin.weight!.allclose(w, rtol: 1e-4, atol: 1e-5), $"{name}: weights {lin.weight.ToString(TorchSharp.TensorStringStyle.Julia)} vs {w.ToString(TorchSharp.TensorStringStyle.Julia)}");
        Assert.True(losses[^1] < losses[0]);
    }

    [Fact]
    public void Sgd_NesterovWithoutMomentum_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Optimizers.Sgd(0.1, nesterov: true));
        Assert.Equal("nesterov", e.ParamName);
    }

    [Fact]
    public void Adam_NegativeLearningRate_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Optimizers.Adam(-1));
        Assert.Contains("learning rate must be positive", e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fit_GradientClipping_BoundsTheStep(bool byNorm)
    {
        using var x = full(8, 1, 100f);
        using var y = zeros(8, 1);
        using var data = new TensorDataset(x, y);
        using var lin = nn.Linear(1, 1);
        using (no_grad())
        {
            lin.weight!.fill_(1);
            lin.bias!.fill_(0);
        }
        var options = new TrainerOptions
        {
            Epochs = 1, BatchSize = 8, Shuffle = false, Device = DeviceSelection.Cpu,
            Loss = Losses.MeanSquaredError(), Optimizer = Optimizers.Sgd(1.0),
        };
        if (byNorm) options.GradientClipNorm = 0.5;
        else options.GradientClipValue = 0.1;
        new Trainer(options).Fit(lin, data);
        double dw = 1 - lin.weight!.item<float>();
        double db = -lin.bias!.item<float>();
        if (byNorm) Assert.Equal(0.5, Math.Sqrt(dw * dw + db * db), 5);
        else
        {
            Assert.Equal(0.1, dw, 6);
            Assert.Equal(0.1, db, 6);
        }
    }
}
