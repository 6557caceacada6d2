using DeepLearning.Torch.Runtime;
using TorchSharp;

namespace DeepLearning.Torch.Training.Core;

/// <summary>The device the trainer chose and why.</summary>
/// <param name="Device">The libtorch device.</param>
/// <param name="Reason">A sentence saying why this device was chosen (for CPU under <see cref="DeviceSelection.Auto"/>: why CUDA is not usable).</param>
public sealed record DeviceChoice(torch.Device Device, string Reason)
{
    /// <summary>Resolves <paramref name="selection"/> to a device.</summary>
    /// <param name="selection">The requested selection.</param>
    /// <exception cref="InvalidOperationException"><see cref="DeviceSelection.Cuda"/> was requested and CUDA is not usable (the message says why).</exception>
    public static DeviceChoice Resolve(DeviceSelection selection)
    {
        TorchRuntime.EnsureLoaded();
        switch (selection)
        {
            case DeviceSelection.Cpu:
                return new DeviceChoice(torch.CPU, "CPU requested.");
            case DeviceSelection.Cuda:
                if (torch.cuda.is_available())
                    return new DeviceChoice(torch.CUDA, "CUDA requested and available.");
                throw new InvalidOperationException("DeviceSelection.Cuda was requested but CUDA is not usable: " + CudaMissingReason());
            case DeviceSelection.Auto:
                return torch.cuda.is_available()
                    ? new DeviceChoice(torch.CUDA, $"CUDA available ({torch.cuda.device_count()} device(s)); using cuda:0.")
                    : new DeviceChoice(torch.CPU, "Using the CPU: " + CudaMissingReason());
            default:
                throw new ArgumentOutOfRangeException(nameof(selection), selection, "Unknown DeviceSelection.");
        }
    }

    /// <summary>Why <c>torch.cuda.is_available()</c> is false: a CPU-only backend package, or no driver/GPU.</summary>
    internal static string CudaMissingReason()
    {
        bool cudaBackend = HasCudaLibrary(AppContext.BaseDirectory);
        return cudaBackend
            ? "the CUDA libtorch backend is present but no CUDA driver or GPU was found."
            : "the libtorch backend in use is CPU-only (TorchSharp-cpu); reference TorchSharp-cuda-linux or TorchSharp-cuda-windows for GPUs.";
    }

    private static bool HasCudaLibrary(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*torch_cuda*", SearchOption.AllDirectories).Any();
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
