using System.Runtime.InteropServices;
using TorchSharp;

namespace DeepLearning.Torch.Runtime;

/// <summary>
/// Checks that the libtorch native backend can be loaded and turns a failure into one message that says
/// why and what to install. Library entry points that create tensors call <see cref="EnsureLoaded"/>.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The limit put on oneDNN's instruction set before libtorch's first convolution (<c>AVX2</c> on AMD CPUs with
    /// AVX-512, whose AVX-512 convolution kernels gave NaN gradients here), or <c>null</c> when none was set.
    /// Set <c>ONEDNN_MAX_CPU_ISA</c> yourself (e.g. <c>ALL</c>) to choose.
    /// </summary>
    public static string? OneDnnInstructionSetLimit => LoadFailure.Value is null ? Limit.Value : null;

    private static readonly Lazy<string?> Limit = new(CpuKernelSafety.Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The native allocator settings applied before libtorch's first tensor (on Linux with glibc: fixed malloc mmap and
    /// trim thresholds, so per-batch tensor memory is reused instead of faulted in again every batch), or <c>null</c>
    /// when none were. <c>DLTORCH_MALLOC_TUNING=0</c>, or setting glibc's own malloc variables, leaves malloc alone.
    /// </summary>
    public static string? AllocatorTuning => LoadFailure.Value is null ? Allocator.Value : null;

    private static readonly Lazy<string?> Allocator = new(NativeAllocatorTuning.Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether libtorch is loaded and usable in this process.</summary>
    public static bool IsAvailable => LoadFailure.Value is null;

    /// <summary>Loads libtorch if needed; throws <see cref="TorchNotAvailableException"/> with guidance when it cannot.</summary>
    /// <exception cref="TorchNotAvailableException">libtorch could not be loaded.</exception>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw new TorchNotAvailableException(Explain(failure), failure);
    }

    private static Exception? TryLoad()
    {
        try
        {
            _ = Limit.Value;       // before libtorch creates any oneDNN primitive
            _ = Allocator.Value;   // before libtorch's first allocation
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    internal static string Explain(Exception failure) => NativeLoadDiagnosis.Explain(failure);

    /// <summary>
    /// Loads libtorch once, early, with the library's process-wide native settings, and writes the cause and the fix to
    /// stderr when it cannot be loaded; never throws. Applications built with the DeepLearning.Torch package call it from
    /// a module initializer (buildTransitive/DeepLearningTorchStartup.cs), so that a failed load is explained whatever
    /// code touches libtorch first. <c>DeepLearningTorchStartupCheck=false</c> in the project turns that off.
    /// </summary>
    public static void CheckAtStartup()
    {
        if (LoadFailure.Value is { } failure) Console.Error.WriteLine("DeepLearning.Torch: " + Explain(failure));
    }
}
