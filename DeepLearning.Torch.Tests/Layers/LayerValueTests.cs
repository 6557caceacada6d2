using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>Values computed by layers, activations, initializers and regularizers.</summary>
public class LayerValueTests
{
    public static TheoryData<Activation, string> ActivationCases => new()
    {
        { Activation.Linear, "linear" }, { Activation.Relu, "relu" }, { Activation.LeakyRelu(0.2), "leaky" },
        { Activation.Elu, "elu" }, { Activation.EluWith(0.5), "elu05" }, { Activation.Selu, "selu" },
        { Activation.Sigmoid, "sigmoid" }, { Activation.Tanh, "tanh" }, { Activation.Softmax, "softmax" },
        { Activation.Softplus, "softplus" }, { Activation.PRelu(0.25), "prelu" },
    };

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void Activation_MatchesClosedForm(Activation activation, string name)
    {
        using var model = new Sequential { new Input(4), activation }.Build();
        float[] x = [-2f, -0.5f, 0.5f, 3f];
        using var input = tensor(x).reshape(1, 4);
        float[] y = model.forward(input).data<float>().ToArray();
        double[] expected = name switch
        {
            "linear" => x.Select(v => (double)v).ToArray(),
            "relu" => x.Select(v => Math.Max(0.0, v)).ToArray(),
            "leaky" => x.Select(v => v > 0 ? v : 0.2 * v).ToArray(),
            "elu" => x.Select(v => v > 0 ? v : Math.Exp(v) - 1).ToArray(),
            "elu05" => x.Select(v => v > 0 ? v : 0.5 * (Math.Exp(v) - 1)).ToArray(),
            "selu" => x.Select(v => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.Exp(v) - 1))).ToArray(),
            "sigmoid" => x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(),
            "tanh" => x.Select(v => Math.Tanh(v)).ToArray(),
            "softmax" => x.Select(v => Math.Exp(v) / x.Sum(u => Math.Exp(u))).ToArray(),
            "softplus" => x.Select(v => Math.Log(1 + Math.Exp(v))).ToArray(),
            "prelu" => x.Select(v => v > 0 ? v : 0.25 * v).ToArray(),
            _ => throw new InvalidOperationException(name),
        };
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], y[i], 5);
    }

    [Fact]
    public void AveragePoolingSame_ExcludesPaddingFromTheMean_AsKeras()
    {
        using var model = new Sequential { new Input(1, 3, 3), new AveragePooling2D(2, padding: PaddingMode.Same) }.Build();
        using var x = arange(1, 10, dtype: float32).reshape(1, 1, 3, 3);
        float[] y = model.forward(x).data<float>().ToArray();
        // Windows: [1,2,4,5] [3,6] [7,8] [9] -> means 3, 4.5, 7.5, 9 (padding excluded).
        Assert.Equal(new float[] { 3f, 4.5f, 7.5f, 9f }, y);
    }

    [Fact]
    public void MaxPoolingSame_IgnoresPadding_EvenForNegativeInputs()
    {
        using var model = new Sequential { new Input(1, 3, 3), new MaxPooling2D(2, padding: PaddingMode.Same) }.Build();
        using var x = arange(1, 10, dtype: float32).neg().reshape(1, 1, 3, 3);
        Assert.Equal(new float[] { -1f, -3f, -7f, -9f }, model.forward(x).data<float>().ToArray());
    }

    [Fact]
    public void Dropout_TrainingDropsAndRescales_EvaluationIsIdentity()
    {
        using var model = new Sequential { new Input(1000), new Dropout(0.25) }.Build();
        using var x = ones(4, 1000);
        model.train();
        torch.random.manual_seed(1);
        using var y = model.forward(x);
        double zeros = y.eq(0).to_type(float64).mean().item<double>();
        Assert.InRange(zeros, 0.22, 0.28);
        Assert.True(y.masked_select(y.ne(0)).allclose(full(1, 1 / 0.75f)));
        model.eval();
        using var z = model.forward(x);
        Assert.True(z.equal(x).all().item<bool>());
    }

    [Fact]
    public void AlphaDropout_KeepsSeluStatistics_InTraining()
    {
        using var model = new Sequential { new Input(100_000), new AlphaDropout(0.2) }.Build();
        model.train();
        torch.random.manual_seed(3);
        using var x = randn(2, 100_000, generator: new Generator(4));
        using var y = model.forward(x);
        Assert.InRange(y.mean().item<float>(), -0.02, 0.02);
        Assert.InRange(y.std().item<float>(), 0.97, 1.03);
        Assert.True(y.ne(x).any().item<bool>());
    }

    [Theory]
    [InlineData(InitializerKind.GlorotUniform, 0.0)]
    [InlineData(InitializerKind.HeUniform, 0.0)]
    [InlineData(InitializerKind.LecunUniform, 0.0)]
    [InlineData(InitializerKind.TorchDefault, 0.0)]
    [InlineData(InitializerKind.GlorotNormal, 0.0)]
    [InlineData(InitializerKind.HeNormal, 0.0)]
    [InlineData(InitializerKind.LecunNormal, 0.0)]
    [InlineData(InitializerKind.Zeros, 0.0)]
    [InlineData(InitializerKind.Ones, 0.0)]
    [InlineData(InitializerKind.Constant, 0.7)]
    public void Initializer_HasKerasVarianceAndBounds(InitializerKind kind, double value)
    {
        const int fanIn = 400, fanOut = 100;
        using var w = empty(fanOut, fanIn);
        using var generator = new Generator(5);
        new Initializer(kind, value).Fill(w, fanIn, fanOut, generator);
        double std = w.std().item<float>(), max = w.abs().max().item<float>(), mean = w.mean().item<float>();
        (double expectedStd, double bound) = kind switch
        {
            InitializerKind.GlorotUniform => (Math.Sqrt(2.0 / (fanIn + fanOut)), Math.Sqrt(6.0 / (fanIn + fanOut))),
            InitializerKind.HeUniform => (Math.Sqrt(2.0 / fanIn), Math.Sqrt(6.0 / fanIn)),
            InitializerKind.LecunUniform => (Math.Sqrt(1.0 / fanIn), Math.Sqrt(3.0 / fanIn)),
            InitializerKind.TorchDefault => (1 / Math.Sqrt(3.0 * fanIn), 1 / Math.Sqrt(fanIn)),
            // Keras' truncated normals have the variance of the untruncated scheme and are cut at 2 sigma / 0.8796.
            InitializerKind.GlorotNormal => (Math.Sqrt(2.0 / (fanIn + fanOut)), 2 * Math.Sqrt(2.0 / (fanIn + fanOut)) / 0.87962566103423978),
            InitializerKind.HeNormal => (Math.Sqrt(2.0 / fanIn), 2 * Math.Sqrt(2.0 / fanIn) / 0.87962566103423978),
            InitializerKind.LecunNormal => (Math.Sqrt(1.0 / fanIn), 2 * Math.Sqrt(1.0 / fanIn) / 0.87962566103423978),
            _ => (0.0, value == 0 && kind != InitializerKind.Ones ? 0.0 : Math.Max(1.0, value)),
        };
        if (kind is InitializerKind.Zeros or InitializerKind.Ones or InitializerKind.Constant)
        {
            Assert.Equal(kind == InitializerKind.Ones ? 1.0 : value, mean, 6);
            Assert.Equal(0.0, std, 6);
            return;
        }
        Assert.InRange(std, expectedStd * 0.97, expectedStd * 1.03);
        Assert.True(max <= bound * (1 + 1e-6), $"{kind}: max |w| {max} beyond {bound}");
        Assert.True(max >= bound * 0.95, $"{kind}: max |w| {max} far below {bound}");
        Assert.InRange(mean, -0.05 * expectedStd, 0.05 * expectedStd);
    }

    [Fact]
    public void KerasPreset_UsesGlorotUniformKernels_ZeroBias_LecunNormalForSelu()
    {
        using var keras = new Sequential(preset: InitPreset.Keras) { new Input(300), new Dense(300), new Dense(300, Activation.Selu) }.Build(seed: 1);
        var p = keras.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.Equal(0f, p["dense.bias"].abs().max().item<float>());
        Assert.True(p["dense.weight"].abs().max().item<float>() <= Math.Sqrt(6.0 / 600) + 1e-6);
        Assert.InRange(p["dense_1.weight"].std().item<float>(), Math.Sqrt(1.0 / 300) * 0.97, Math.Sqrt(1.0 / 300) * 1.03);
        using var torchPreset = new Sequential { new Input(300), new Dense(300) }.Build(seed: 1);
        var bias = torchPreset.named_parameters().Single(x => x.name == "dense.bias").parameter;
        Assert.True(bias.abs().max().item<float>() > 0 && bias.abs().max().item<float>() <= 1 / Math.Sqrt(300) + 1e-6);
    }

    [Fact]
    public void RegularizationLoss_SumsKerasPenaltiesOverLayers()
    {
        using var model = new Sequential
        {
            new Input(3),
            new Dense(2, kernelRegularizer: Regularizer.L1L2(0.025, 0.025), biasRegularizer: Regularizer.L2(0.5),
                kernelInitializer: Initializer.Constant(-0.5), biasInitializer: Initializer.Constant(2)),
            new Dense(1, kernelRegularizer: Regularizer.L1(0.1), kernelInitializer: Initializer.Ones),
        }.Build();
        // Dense: 6 weights of -0.5: L1 0.025*3 + L2 0.025*1.5; bias 2 values of 2: 0.5*8. Dense_1: 2 weights of 1: 0.1*2.
        double expected = 0.025 * 3 + 0.025 * 1.5 + 0.5 * 8 + 0.1 * 2;
        using var penalty = model.RegularizationLoss()!;
        Assert.Equal(expected, penalty.item<float>(), 5);
        using var none = new Sequential { new Input(3), new Dense(2) }.Build();
        Assert.Null(none.RegularizationLoss());
    }

    [Fact]
    public void RegularizationLoss_IsDifferentiable()
    {
        using var model = new Sequential { new Input(3), L2Dense() }.Build();
        using var penalty = model.RegularizationLoss()!;
        penalty.backward();
        var w = model.parameters().First();
        Assert.True(w.grad!.allclose(w.detach().mul(2 * 0.1)));
    }

    /// <summary>A Dense with only an L2 penalty, for the gradient check (d/dw 0.1 w² = 0.2 w).</summary>
    private static Dense L2Dense() => new(2, useBias: false, kernelRegularizer: Regularizer.L2(0.1));
}
