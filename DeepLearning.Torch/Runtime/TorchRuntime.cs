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
    /// The limit put on oneDNN's instruction set before libtorch's first convolution (<c>SSE41</c> on AMD CPUs with
    /// AVX-512, whose AVX-512 and AVX2 float32 convolution kernels gave wrong results on an EPYC), or <c>null</c> when
    /// none was set.
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
        ApplyNativeSettings();
        try
        {
            _probing = true;   // the failure is explained by EnsureLoaded's exception, not also by the start-up hook
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            _probing = false;
        }
    }

    /// <summary>The process-wide settings libtorch reads once: before its first oneDNN primitive and first allocation.</summary>
    private static void ApplyNativeSettings()
    {
        _ = Limit.Value;
        _ = Allocator.Value;
    }

    [ThreadStatic] private static bool _probing;

    private static readonly Lazy<bool> StartupHook = new(() =>
    {
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (!_probing && e.Exception is TypeInitializationException { TypeName: "TorchSharp.torch" } failure) StartupReport(failure);
        };
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    // libtorch is loaded once per process, so its failure is reported once per process.
    private static int _startupReported;

    private static void StartupReport(Exception failure)
    {
        if (Interlocked.Exchange(ref _startupReported, 1) == 0) Console.Error.WriteLine("DeepLearning.Torch: " + Explain(failure));
    }

    internal static string Explain(Exception failure) => NativeLoadDiagnosis.Explain(failure);

    /// <summary>
    /// Prepares the process before any code touches libtorch, without loading it: applies the library's process-wide
    /// native settings (<see cref="OneDnnInstructionSetLimit"/>, <see cref="AllocatorTuning"/>), and watches for
    /// TorchSharp's failure to load libtorch, which it explains once on stderr (cause in the dynamic loader's words, and
    /// the fix) whatever code touched libtorch first. Never throws. Applications built with the DeepLearning.Torch package
    /// call it from a module initializer (buildTransitive/DeepLearningTorchStartup.cs);
    /// <c>DeepLearningTorchStartupCheck=false</c> in the project turns that off.
    /// </summary>
    public static void CheckAtStartup()
    {
        try
        {
            ApplyNativeSettings();
            _ = StartupHook.Value;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeLoadException)
        {
            // A platform without libc's setenv/mallopt: the settings are Linux-only and optional.
        }
    }
}
