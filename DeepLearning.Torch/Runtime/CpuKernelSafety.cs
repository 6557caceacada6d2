using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Torch.Runtime;

/// <summary>
/// Works around silently wrong float32 convolutions from the oneDNN bundled with libtorch 2.10 on AMD EPYC (Zen) CPUs
/// with AVX-512 (plain TorchSharp <c>conv1d</c>/<c>conv2d</c> compared with float64, no library code involved): with the
/// AVX-512 kernels the input gradient is wrong unless the output channels are a multiple of 16; capped at AVX2 it is wrong
/// unless they are a multiple of 8, and the forward pass is wrong for 10 or 12 input channels (errors of order 1, some
/// NaN); capped at AVX the forward pass is still wrong. The SSE4.1 kernels gave float64's results in every case tried, at
/// about 1.3 times the AVX2 time of a small CNN's epoch. Before libtorch runs its first oneDNN primitive, this caps oneDNN
/// at SSE4.1 on AMD CPUs with AVX-512, unless the user set <c>ONEDNN_MAX_CPU_ISA</c> (or <c>DNNL_MAX_CPU_ISA</c>) already;
/// <c>ONEDNN_MAX_CPU_ISA=ALL</c> restores the default. <c>CpuKernelSafetyTests</c> checks the cases on the machine it runs on.
/// </summary>
internal static class CpuKernelSafety
{
    internal const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The cap applied by <see cref="Apply"/>, or <c>null</c> when none was needed or the user chose.</summary>
    internal static string? Decide(bool isLinux, bool isAmd, bool hasAvx512, string? userOnednn, string? userDnnl) =>
        isLinux && isAmd && hasAvx512 && string.IsNullOrEmpty(userOnednn) && string.IsNullOrEmpty(userDnnl) ? "SSE41" : null;

    /// <summary>Sets the cap in the native environment (read lazily by oneDNN); returns it, or null.</summary>
    internal static string? Apply()
    {
        string? cap = Decide(OperatingSystem.IsLinux(), IsAmd(), Avx512F.IsSupported,
            Environment.GetEnvironmentVariable(Variable), Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA"));
        if (cap is null) return null;
        // .NET's Environment.SetEnvironmentVariable does not reach the C runtime's environment on Unix: call setenv.
        return SetEnv(Variable, cap, 0) == 0 ? cap : null;
    }

    private static bool IsAmd()
    {
        if (!X86Base.IsSupported) return false;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> vendor = [ebx, edx, ecx];
        return MemoryMarshal.AsBytes(vendor).SequenceEqual("AuthenticAMD"u8);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
