using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Torch.Runtime;

/// <summary>
/// Works around wrong convolution gradients from oneDNN's AVX-512 kernels seen on AMD EPYC (Zen) CPUs with
/// libtorch 2.10: float32 <c>conv2d</c> backward returned NaN gradients for a few batches in a hundred (plain
/// TorchSharp, no library code involved), with any AVX-512 ISA level and not with AVX2 or float64. Before libtorch
/// runs its first oneDNN primitive, this caps oneDNN at AVX2 on AMD CPUs with AVX-512, unless the user set
/// <c>ONEDNN_MAX_CPU_ISA</c> (or <c>DNNL_MAX_CPU_ISA</c>) already; <c>ONEDNN_MAX_CPU_ISA=ALL</c> restores the default.
/// </summary>
internal static class CpuKernelSafety
{
    internal const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The cap applied by <see cref="Apply"/>, or <c>null</c> when none was needed or the user chose.</summary>
    internal static string? Decide(bool isLinux, bool isAmd, bool hasAvx512, string? userOnednn, string? userDnnl) =>
        isLinux && isAmd && hasAvx512 && string.IsNullOrEmpty(userOnednn) && string.IsNullOrEmpty(userDnnl) ? "AVX2" : null;

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
