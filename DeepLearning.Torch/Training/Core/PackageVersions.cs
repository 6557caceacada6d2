using System.Reflection;
using TorchSharp;

namespace DeepLearning.Torch.Training.Core;

/// <summary>Versions recorded in every <see cref="History"/>.</summary>
internal static class PackageVersions
{
    internal static IReadOnlyDictionary<string, string> Collect() => new Dictionary<string, string>
    {
        ["DeepLearning.Torch"] = Version(typeof(PackageVersions).Assembly),
        ["TorchSharp"] = Version(typeof(torch).Assembly),
        ["libtorch"] = torch.__version__,
        [".NET"] = Environment.Version.ToString(),
    };

    private static string Version(Assembly assembly)
        => assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
           ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
