using DeepLearning.Torch.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Tests.Runtime;

public class CpuKernelSafetyTests
{
    [Theory]
    [InlineData(true, true, true, null, null, "AVX2")]
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
}
