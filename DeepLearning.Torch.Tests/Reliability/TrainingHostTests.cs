using Xunit;

namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>The training host's own error paths (bad command lines).</summary>
public sealed class TrainingHostTests
{
    [Theory]
    [InlineData(new[] { "--bogus", "1" }, "Unknown option '--bogus'.")]
    [InlineData(new[] { "--epochs" }, "Option '--epochs' needs a value.")]
    public void Host_BadCommandLine_ExitsWith2NamingTheProblem(string[] arguments, string message)
    {
        string dir = Path.Combine(Path.GetTempPath(), "dlt-host-args-" + Guid.NewGuid().ToString("N"));
        using var host = TrainingHostProcess.Start(dir, arguments);
        Assert.Equal(2, host.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(message, host.StandardError.Trim());
        Assert.False(Directory.Exists(dir));
    }
}
