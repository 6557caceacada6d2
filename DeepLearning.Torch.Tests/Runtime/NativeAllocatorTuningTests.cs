using DeepLearning.Torch.Runtime;
using Xunit;

namespace DeepLearning.Torch.Tests.Runtime;

public class NativeAllocatorTuningTests
{
    [Theory]
    [InlineData(true, null, null, null, null, true)]
    [InlineData(false, null, null, null, null, false)]                       // not Linux/glibc
    [InlineData(true, "0", null, null, null, false)]                         // opted out
    [InlineData(true, "off", null, null, null, false)]
    [InlineData(true, "1", null, null, null, true)]
    [InlineData(true, null, "1048576", null, null, false)]                   // the user's own malloc settings win
    [InlineData(true, null, null, "1048576", null, false)]
    [InlineData(true, null, null, null, "glibc.malloc.trim_threshold=1", false)]
    [InlineData(true, null, null, null, "glibc.cpu.hwcaps=-AVX512F", true)]  // other tunables do not count
    public void Decide_TunesGlibcOnly_AndRespectsTheUser(bool glibc, string? optOut, string? mmap, string? trim, string? tunables, bool expected)
    {
        var environment = new Dictionary<string, string?>
        {
            [NativeAllocatorTuning.OptOutVariable] = optOut,
            ["MALLOC_MMAP_THRESHOLD_"] = mmap,
            ["MALLOC_TRIM_THRESHOLD_"] = trim,
            ["GLIBC_TUNABLES"] = tunables,
        };
        Assert.Equal(expected, NativeAllocatorTuning.Decide(glibc, name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void AllocatorTuning_OnLinuxGlibc_IsApplied()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(NativeAllocatorTuning.OptOutVariable) == "0") return;
        string expected = "glibc malloc: mmap threshold 32 MiB, trim threshold 256 MiB";
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NativeAllocatorTuning.HugePagesVariable)))
            expected += "; libtorch huge pages for blocks of 2 MiB and more";
        Assert.Equal(expected, TorchRuntime.AllocatorTuning);
    }
}
