using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Layers;

/// <summary>
/// Set and sequence models with a padding mask from <see cref="Masking"/>: appending zero-padded rows and permuting the
/// constituents leave the outputs unchanged (1e-5); the mask pools, recurrences and attention honour it.
/// </summary>
public class MaskingTests
{
    private const int Features = 4;

    public static TheoryData<string> Poolings => new() { "sum", "mean", "max" };

    [Theory]
    [MemberData(nameof(Poolings))]
    public void MaskedPooling_ZeroPaddedRowsAppended_OutputUnchanged(string pooling)
    {
        var network = SetNetwork(Pooling(pooling));
        using var x = Jets(particles: 5, seed: 1);
        using var padded = cat([x, zeros(3, 4, Features)], 1);
        AssertSameOutputs(network, x, padded);
    }

    [Theory]
    [MemberData(nameof(Poolings))]
    public void MaskedPooling_PermutedConstituents_OutputUnchanged(string pooling)
    {
        var network = SetNetwork(Pooling(pooling));
        using var x = cat([Jets(particles: 5, seed: 2), zeros(3, 3, Features)], 1);   // padding mixed in by the permutation
        AssertPermutationInvariant(network, x, [6, 2, 0, 7, 4, 1, 5, 3]);
    }

    [Fact]
    public void UnmaskedPooling_ZeroPaddedRowsAppended_OutputChanges()
    {
        // The control for the tests above: without the mask, padding after a Dense does change a mean.
        Func<SymbolicTensor, SymbolicTensor> network = p => new GlobalAveragePooling1D().Call(new Dense(6, Activation.Relu) { Name = "phi" }.Call(p));
        using var x = Jets(particles: 5, seed: 3);
        using var padded = cat([x, zeros(3, 4, Features)], 1);
        using var a = Build(network, 5);
        using var b = Build(network, 9);
        Copy(a, b);
        using var ya = a.forward(x);
        using var yb = b.forward(padded);
        Assert.True(ya.sub(yb).abs().max().item<float>() > 1e-3);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void Recurrent_MaskedPaddingAtTheEnd_LastOutputUnchanged(string kind)
    {
        Layer recurrent = kind == "lstm" ? new LSTM(6) { Name = "rnn" } : new GRU(6) { Name = "rnn" };
        SymbolicTensor Network(SymbolicTensor steps) =>
            new Dense(1).Call(recurrent.Call(new Dense(5, Activation.Tanh) { Name = "embed" }.Call(steps), new Masking().Call(steps)));
        using var x = Jets(particles: 5, seed: 4);
        using var padded = cat([x, zeros(3, 3, Features)], 1);
        AssertSameOutputs(Network, x, padded);
    }

    [Fact]
    public void TransformerSetModel_PaddedAndPermuted_OutputUnchanged()
    {
        var block = new TransformerEncoderBlock(2, mlpUnits: 16) { Name = "block" };
        SymbolicTensor Network(SymbolicTensor particles)
        {
            var mask = new Masking().Call(particles);
            var h = new Dense(8) { Name = "embed" }.Call(particles);
            h = block.Call(h, mask);
            return new Dense(1) { Name = "head" }.Call(new GlobalAveragePooling1D().Call(h, mask));
        }
        using var x = Jets(particles: 5, seed: 5);
        using var padded = cat([x, zeros(3, 3, Features)], 1);
        AssertSameOutputs(Network, x, padded);
        AssertPermutationInvariant(Network, padded, [7, 3, 5, 0, 6, 1, 4, 2]);
    }

    [Fact]
    public void Masking_RowsEqualToMaskValue_AreFalse()
    {
        using var model = new Sequential { new Input(3, 2), new Masking(-1) }.Build();
        using var x = tensor(new float[] { 1, 2, -1, -1, -1, 0 }).reshape(1, 3, 2);
        using var mask = model.forward(x);
        Assert.Equal(ScalarType.Bool, mask.dtype);
        Assert.Equal(new[] { true, false, true }, mask.data<bool>().ToArray());
    }

    [Fact]
    public void MaskedPooling_FloatMaskInput_EqualsBoolMask()
    {
        var particles = Input.Create("particles", 4, 3);
        var maskInput = Input.Create("mask", 4);
        using var model = Model.FromGraph([particles, maskInput], new GlobalAveragePooling1D().Call(particles, maskInput));
        using var x = randn(2, 4, 3);
        using var boolMask = tensor(new[] { true, true, false, true, true, false, false, false }).reshape(2, 4);
        using var floatMask = boolMask.to_type(float32);
        using var a = model.Forward(x, boolMask)[0];
        using var b = model.Forward(x, floatMask)[0];
        AssertClose(a, b);
        using var expected = x[0].index_select(0, tensor(new long[] { 0, 1, 3 })).mean([0]);
        AssertClose(a[0], expected);
    }

    [Fact]
    public void MaskedMaxPooling_NoRealRow_GivesZeros()
    {
        var particles = Input.Create("particles", 3, 2);
        using var model = Model.FromGraph([particles], new GlobalMaxPooling1D().Call(particles, new Masking().Call(particles)));
        using var x = zeros(1, 3, 2);
        using var y = model.forward(x);
        Assert.Equal(0f, y.abs().max().item<float>());
    }

    private static Func<SymbolicTensor, SymbolicTensor> SetNetwork(Func<Layer> pooling) => particles =>
    {
        // A Deep Sets / PFN shape: one network per particle, a masked pooling, a network on the pooled features.
        var mask = new Masking().Call(particles);
        var h = new Dense(16, Activation.Relu) { Name = "phi_1" }.Call(particles);
        h = new Dense(8, Activation.Relu) { Name = "phi_2" }.Call(h);
        var jet = pooling().Call(h, mask);
        return new Dense(1) { Name = "f" }.Call(new Dense(8, Activation.Relu) { Name = "f_1" }.Call(jet));
    };

    private static Func<Layer> Pooling(string kind) => kind switch
    {
        "sum" => () => new GlobalSumPooling1D(),
        "mean" => () => new GlobalAveragePooling1D(),
        _ => () => new GlobalMaxPooling1D(),
    };

    /// <summary>(3, particles, 4) constituents with no all-zero row.</summary>
    private static Tensor Jets(int particles, long seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        return rand(3, particles, Features, generator: generator).add(0.1);
    }

    private static Model Build(Func<SymbolicTensor, SymbolicTensor> network, int particles)
    {
        var input = Input.Create("particles", particles, Features);
        return Model.FromGraph([input], network(input), seed: 7);
    }

    /// <summary>Builds the network for both particle counts with the same weights and compares the outputs.</summary>
    private static void AssertSameOutputs(Func<SymbolicTensor, SymbolicTensor> network, Tensor x, Tensor padded)
    {
        using var a = Build(network, (int)x.shape[1]);
        using var b = Build(network, (int)padded.shape[1]);
        Copy(a, b);
        using var ya = a.forward(x);
        using var yb = b.forward(padded);
        AssertClose(ya, yb);
    }

    /// <summary>Runs one model on <paramref name="x"/> and on its particles reordered by <paramref name="order"/>.</summary>
    private static void AssertPermutationInvariant(Func<SymbolicTensor, SymbolicTensor> network, Tensor x, long[] order)
    {
        using var permuted = x.index_select(1, tensor(order));
        using var model = Build(network, (int)x.shape[1]);
        using var y = model.forward(x);
        using var yPermuted = model.forward(permuted);
        AssertClose(y, yPermuted);
    }

    private static void Copy(Model from, Model to)
    {
        var target = to.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        foreach (var (name, p) in from.named_parameters()) target[name].copy_(p);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        double worst = expected.sub(actual).abs().max().item<float>();
        Assert.True(worst <= 1e-5, $"largest difference {worst:E2} > 1e-5");
    }
}
