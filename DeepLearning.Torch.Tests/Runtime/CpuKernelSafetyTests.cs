using DeepLearning.Torch.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Runtime;

public class CpuKernelSafetyTests
{
    [Theory]
    [InlineData(true, true, true, null, null, "SSE41")]
    [InlineData(true, false, true, null, null, null)]     // Intel with AVX-512: left alone
    [InlineData(true, true, false, null, null, null)]     // AMD without AVX-512: nothing to cap
    [InlineData(false, true, true, null, null, null)]     // not Linux
    [InlineData(true, true, true, "ALL", null, null)]     // the user chose
    [InlineData(true, true, true, null, "AVX512_CORE", null)]
    public void Decide_CapsOnlyAmdAvx512_AndRespectsTheUser(bool linux, bool amd, bool avx512, string? onednn, string? dnnl, string? expected)
    {
        Assert.Equal(expected, CpuKernelSafety.Decide(linux, amd, avx512, onednn, dnnl));
    }

    /// <summary>
    /// Regression test for NaN gradients from libtorch 2.10's oneDNN AVX-512 convolution kernels on AMD EPYC: plain
    /// TorchSharp layers, random inputs, 250 batches of 8. Without the library's cap about 1 batch in 20 had NaN gradients here.
    /// </summary>
    [Fact]
    public void Conv2dBackward_RandomBatches_GivesFiniteGradients()
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new Generator(3);
        using var x = randn(2000, 1, 40, 40, generator: generator);
        using var y = rand(2000, 1, generator: generator).gt(0.5).to_type(float32);
        random.manual_seed(1);
        using var net = nn.Sequential(nn.Conv2d(1, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 8, 3, padding: 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(8 * 40 * 40, 1));
        int bad = 0;
        for (long i = 0; i < 2000; i += 8)
        {
            using var scope = NewDisposeScope();
            net.zero_grad();
            var loss = nn.functional.binary_cross_entropy_with_logits(net.forward(x.narrow(0, i, 8)), y.narrow(0, i, 8));
            loss.backward();
            if (net.parameters().Any(p => !p.grad!.isfinite().all().item<bool>())) bad++;
        }
        Assert.True(bad == 0, $"{bad} of 250 batches had non-finite gradients (oneDNN ISA limit: {TorchRuntime.OneDnnInstructionSetLimit ?? "none"})");
    }

    /// <summary>
    /// Regression test for silently wrong float32 convolutions from libtorch 2.10's oneDNN AVX2 and AVX-512 kernels on
    /// AMD EPYC: with the AVX2 cap the input gradient was wrong (errors up to about 1, or NaN) whenever the output channels
    /// were not a multiple of 8, and the forward pass was wrong for 10 or 12 input channels; with AVX-512, unless the
    /// output channels were a multiple of 16. Each case is compared with the same convolution in float64.
    /// </summary>
    [Theory]
    [InlineData(3, 1, 3)]
    [InlineData(10, 3, 3)]
    [InlineData(12, 10, 5)]
    [InlineData(16, 12, 3)]
    [InlineData(10, 1, 5)]
    public void Conv2d_Float32ForwardAndInputGradient_AgreeWithFloat64(int inChannels, int outChannels, int kernel)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var x64 = randn([32, inChannels, 14, 14], float64, generator: generator);
        var w64 = randn([outChannels, inChannels, kernel, kernel], float64, generator: generator).mul(0.2);
        var upstream64 = randn([32, outChannels, 14, 14], float64, generator: generator);
        (Tensor output, Tensor inputGradient) Run(ScalarType type)
        {
            var x = x64.to_type(type).detach().clone().requires_grad_(true);
            var y = nn.functional.conv2d(x, w64.to_type(type), padding: [kernel / 2, kernel / 2]);
            y.backward([upstream64.to_type(type)]);
            return (y.detach().to_type(float64), x.grad!.to_type(float64));
        }
        var (y64, g64) = Run(float64);
        var (y32, g32) = Run(float32);
        string limit = TorchRuntime.OneDnnInstructionSetLimit ?? "none";
        double forward = y32.sub(y64).abs().max().item<double>(), backward = g32.sub(g64).abs().max().item<double>();
        Assert.True(forward < 1e-3, $"conv2d {inChannels}->{outChannels} k{kernel}: float32 output differs from float64 by {forward} (oneDNN ISA limit: {limit}, ONEDNN_MAX_CPU_ISA={Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA")})");
        Assert.True(backward < 1e-3, $"conv2d {inChannels}->{outChannels} k{kernel}: float32 input gradient differs from float64 by {backward} (oneDNN ISA limit: {limit}, ONEDNN_MAX_CPU_ISA={Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA")})");
    }
}
