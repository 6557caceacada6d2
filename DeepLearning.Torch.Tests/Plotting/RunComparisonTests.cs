using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;
using Xunit;

namespace DeepLearning.Torch.Tests.Plotting;

public sealed class RunComparisonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlt-run-comparison-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A run folder as RunReport writes it: scores.csv (test rows, then training rows) and metrics.json.</summary>
    private (int[] Labels, double[] Scores) FakeRun(string name, double separation, int seed, long parameters)
    {
        var rng = new Random(seed);
        int n = 600;
        var labels = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var scores = labels.Select(l => 1 / (1 + Math.Exp(-(separation * l + rng.NextDouble() * 2 - 1 + (rng.NextDouble() - 0.5))))).ToArray();
        var csv = new StringBuilder("score,label,split\n");
        for (int i = 0; i < n; i++) csv.Append(string.Create(CultureInfo.InvariantCulture, $"{scores[i]:R},{labels[i]},test\n"));
        csv.Append("0.99,0,train\n0.01,1,train\n");   // training rows must not enter the comparison
        string folder = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "scores.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder, "metrics.json"), $"{{\"auc\": 0.5, \"parameters\": {parameters}, \"epochs_run\": 3, \"training_seconds\": 12.5}}");
        return (labels, scores);
    }

    [Fact]
    public void Write_TwoRuns_TableFromTestScoresOrderedByAucWithFigures()
    {
        var (strongLabels, strongScores) = FakeRun("strong", 0.8, 1, 1234);
        var (weakLabels, weakScores) = FakeRun("weak", 0.3, 2, 99);
        Directory.CreateDirectory(Path.Combine(_dir, "not-a-run"));
        string path = RunComparison.Write(_dir, new ScoreReportOptions { BootstrapReplicates = 20 });

        Assert.Equal(Path.Combine(_dir, "comparison.md"), path);
        foreach (string f in new[] { "comparison_roc.png", "comparison_roc.svg", "comparison_rejection.png", "comparison.json" })
            Assert.True(File.Exists(Path.Combine(_dir, f)), f);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "comparison.json")))!;
        var runs = json["runs"]!.AsArray();
        Assert.Equal(["weak", "strong"], runs.Select(r => r!["name"]!.GetValue<string>()));
        Assert.Equal(RocCurve.Compute(weakLabels, weakScores).Auc(), runs[0]!["auc"]!.GetValue<double>(), 12);
        Assert.Equal(RocCurve.Compute(strongLabels, strongScores).Auc(), runs[1]!["auc"]!.GetValue<double>(), 12);
        Assert.Equal(600, runs[1]!["n_samples"]!.GetValue<int>());
        Assert.Equal(1234, runs[1]!["parameters"]!.GetValue<long>());
        var r03 = RocCurve.Compute(strongLabels, strongScores).RejectionAt(0.3);
        Assert.False(r03.IsLowerLimit);
        Assert.Equal(r03.Rejection, runs[1]!["rejection"]!["0.3"]!["value"]!.GetValue<double>(), 9);
        var ci = runs[1]!["auc_ci"]!.AsArray();
        Assert.True(ci[0]!.GetValue<double>() < ci[1]!.GetValue<double>());

        string md = File.ReadAllText(path);
        Assert.Contains("| model | test jets | AUC | 1/ε_B at ε_S = 0.3 | 1/ε_B at ε_S = 0.5 | parameters | epochs | training time |", md);
        Assert.Contains("| strong | 600 | ", md);
        Assert.Contains("| 1,234 | 3 | 12.5 s |", md);
        Assert.True(md.IndexOf("| weak |", StringComparison.Ordinal) < md.IndexOf("| strong |", StringComparison.Ordinal));
        Assert.Contains("![ROC curves](comparison_roc.png)", md);

        // Same test labels: strong is compared with weak by the paired bootstrap.
        var pair = json["paired"]!.AsArray().Single()!;
        Assert.Equal(("weak", "strong", true), (pair["a"]!.GetValue<string>(), pair["b"]!.GetValue<string>(), pair["same_test_labels"]!.GetValue<bool>()));
        var expected = RocBootstrap.Compare(weakLabels, weakScores, strongScores, null, new RocBootstrapOptions { Replicates = 20 });
        Assert.Equal(expected.AucDifference.Lower, pair["auc_difference_ci"]![0]!.GetValue<double>(), 12);
        Assert.Contains("| strong vs weak | +", md);
    }

    [Fact]
    public void Write_RunsOnOtherTestJets_AreNotPaired()
    {
        FakeRun("a", 0.8, 1, 10);
        FakeRun("b", 0.3, 2, 10);
        string other = Path.Combine(_dir, "b");
        string csv = File.ReadAllText(Path.Combine(other, "scores.csv"));
        int first = csv.IndexOf(",0,test", StringComparison.Ordinal);   // one label changed: another test sample
        File.WriteAllText(Path.Combine(other, "scores.csv"), csv[..first] + ",1,test" + csv[(first + 7)..]);
        string md = File.ReadAllText(RunComparison.Write(_dir, new ScoreReportOptions { BootstrapReplicates = 20 }));
        Assert.Contains("not paired: the two runs' test labels differ", md);
    }

    [Fact]
    public void Write_FolderWithoutRuns_ThrowsNamingTheFiles()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty-run"));
        var e = Assert.Throws<ArgumentException>(() => RunComparison.Write(_dir));
        Assert.Contains("scores.csv and metrics.json", e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => RunComparison.Write(Path.Combine(_dir, "missing")));
    }
}
