using System.Text.Json.Nodes;
using Xunit;

namespace DeepLearning.Torch.Tests.Examples;

/// <summary>The regression example runs end to end on a few samples, writes every promised file and a checkable chi2/ndf.</summary>
public sealed class RegressionExampleSmokeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly string _out = Directory.CreateTempSubdirectory("dlt-regression-example-").FullName;

    public void Dispose() => Directory.Delete(_out, true);

    [Fact]
    public void Regression_ChiSquareWithCovariance_WritesFitFiguresAndChi2PerNdf()
    {
        var (code, output) = ExampleRunner.Run("Regression", Timeout, "--limit", "800", "--epochs", "3", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        Assert.Contains("Test chi2/ndf = ", output);
        ExampleRunner.AssertFiles(_out, "history.png", "history.json", "metrics.json", "report.md", "best.ckpt",
            "fit_y1.png", "fit_y2.png", "regression_y1.png", "regression_y2.png", "residuals_y1.png", "residuals_y2.png");
        Assert.False(File.Exists(Path.Combine(_out, "scores.csv")), "a regression has no classifier scores");
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        // 200 test samples x 2 values; chi2/ndf is chi2 over ndf.
        Assert.Equal(400, m["ndf"]!.GetValue<long>());
        Assert.Equal(m["chi2"]!.GetValue<double>() / 400, m["chi2_ndf"]!.GetValue<double>(), 12);
        Assert.Equal(Math.Sqrt(2.0 / 400), m["chi2_ndf_spread"]!.GetValue<double>(), 12);
        // The documented noise: the true function's chi2/ndf is 1 within 4 standard deviations of a chi2 with 400 dof.
        Assert.InRange(m["chi2_ndf_truth"]!.GetValue<double>(), 1 - (4 * Math.Sqrt(2.0 / 400)), 1 + (4 * Math.Sqrt(2.0 / 400)));
        // Three epochs do not fit the function yet: the network's chi2/ndf is above the truth's.
        Assert.True(m["chi2_ndf"]!.GetValue<double>() > m["chi2_ndf_truth"]!.GetValue<double>());
        Assert.Contains("Chi-square", File.ReadAllText(Path.Combine(_out, "report.md")));
    }

    [Fact]
    public void Regression_FunctionFitWithMse_WritesOneValue()
    {
        var (code, output) = ExampleRunner.Run("Regression", Timeout, "--model", "function", "--limit", "400", "--epochs", "2", "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        ExampleRunner.AssertFiles(_out, "fit_y.png", "regression_y.png", "residuals_y.png", "report.md");
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        Assert.Equal(100, m["ndf"]!.GetValue<long>());
        Assert.Equal("function", m["model"]!.GetValue<string>());
    }

    [Fact]
    public void Regression_DefaultRun_Chi2PerNdfComesWithinItsSpreadOfTheTruths()
    {
        var (code, output) = ExampleRunner.Run("Regression", Timeout, "--out", _out, "--quiet");
        Assert.True(code == 0, output);
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")))!;
        double spread = m["chi2_ndf_spread"]!.GetValue<double>();
        Assert.InRange(m["chi2_ndf"]!.GetValue<double>() - m["chi2_ndf_truth"]!.GetValue<double>(), 0, 3 * spread);
    }
}
