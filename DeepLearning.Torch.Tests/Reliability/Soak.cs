using System.Globalization;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>
/// Scales the randomised reliability tests for the soak (bench/Reliability/soak.sh): <c>DLTORCH_SOAK_CASES</c> replaces the
/// CI case count, <c>DLTORCH_SOAK_SEED</c> the seed, and <c>DLTORCH_SOAK_REPORT</c> names a file that receives one
/// <c>counter value</c> line per test.
/// </summary>
internal static class Soak
{
    internal static int Cases(int ci) => int.TryParse(Environment.GetEnvironmentVariable("DLTORCH_SOAK_CASES"), out int n) && n > 0 ? n : ci;

    internal static int Seed(int ci) => int.TryParse(Environment.GetEnvironmentVariable("DLTORCH_SOAK_SEED"), out int s) ? s * 7919 + ci : ci;

    internal static void Report(string counter, long value)
    {
        string? file = Environment.GetEnvironmentVariable("DLTORCH_SOAK_REPORT");
        if (string.IsNullOrEmpty(file)) return;
        File.AppendAllText(file, counter + " " + value.ToString(CultureInfo.InvariantCulture) + "\n");
    }
}
