using System.Runtime.CompilerServices;
using DeepLearning.Torch.Runtime;

namespace DeepLearning.Torch.Tests;

internal static class TestSetup
{
    /// <summary>
    /// Loads libtorch through the library before any test touches TorchSharp directly, so the library's CPU-kernel
    /// settings (see <see cref="TorchRuntime.OneDnnInstructionSetLimit"/>) are in force for every test.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => TorchRuntime.EnsureLoaded();
}
