using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using TorchSharp;
using Xunit;

namespace DeepLearning.Torch.Tests.Training;

/// <summary>A fact that runs only when libtorch sees a CUDA GPU; otherwise it is reported as skipped with the reason.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available())
            Skip = "CUDA not available: " + DeviceChoice.CudaMissingReason();
    }
}
