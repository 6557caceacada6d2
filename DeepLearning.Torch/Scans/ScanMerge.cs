using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.IO;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using ScottPlot;

namespace DeepLearning.Torch.Scans;

/// <summary>
/// One report over a scan: <c>DIR/scan.json</c> (one entry per task: id, options, metrics, val_loss history) and
/// <c>DIR/report.md</c> with a table of every task (options, AUC, 1/ε_B at ε_S = 0.3 and 0.5 with errors, time), mean
/// ± std over the seeds of each configuration, the ensemble (seed-averaged scores) of each configuration with its ROC
/// and rejection curve, and the seeds' spread as a band (<c>rejection.png</c>, <c>roc.png</c>). Reads each task's
/// <c>scores.csv</c> (test rows) and <c>history.json</c>, as <see cref="RunReport"/> writes them.
/// </summary>
public static class ScanMerge
{
    /// <summary>Reads the finished tasks and writes the report; returns the results per task.</summary>
    /// <param name="plan">The scan.</param>
    /// <exception cref="InvalidOperationException">No task has finished.</exception>
    public static IReadOnlyList<TaskResult> Write(ScanPlan plan)
    {
        var done = plan.Tasks.Where(plan.IsDone).ToList();
        if (done.Count == 0) throw new InvalidOperationException($"no task of the scan in {plan.Directory} has finished; see 'status {plan.Directory}'");
        var scores = new Dictionary<string, (int[] Labels, double[] Scores)>();
        var results = new List<TaskResult>();
        foreach (var task in done)
        {
            string folder = plan.TaskFolder(task);
            string scoresPath = Path.Combine(folder, "scores.csv");
            if (!File.Exists(scoresPath)) throw new FileNotFoundException($"task {task.Id} is done but {scoresPath} is missing: the program must write its test scores there (RunReport does)", scoresPath);
            var table = ScoreTable.ReadCsv(scoresPath);
            if (!table.IsBinary) throw new InvalidDataException($"{scoresPath}: the scan report needs binary scores (one column); it has {table.Probabilities.GetLength(1)}");
            var (labels, s) = (table.SelectLabels(train: false), table.Column(0, train: false));
            scores[task.Id] = (labels, s);
            var roc = RocCurve.Compute(labels, s);
            var (r30, r50) = (roc.RejectionAt(0.3), roc.RejectionAt(0.5));
            string historyPath = Path.Combine(folder, "history.json");
            var valLoss = File.Exists(historyPath) ? History.FromJson(File.ReadAllText(historyPath)).Epochs
                .Where(e => e.Values.ContainsKey(MetricKeys.Validation(MetricKeys.Loss))).Select(e => e.Values[MetricKeys.Validation(MetricKeys.Loss)]).ToList() : [];
            var attempts = plan.Attempts(task);
            results.Add(new TaskResult(task.Index, task.Id, task.ConfigurationId, task.Options, task.Seed, roc.Auc(),
                r30, r50, attempts.Sum(a => a.Seconds), attempts.Count, valLoss));
        }

        var configurations = results.GroupBy(r => r.ConfigurationId).Select(g => Summarize(g.ToList(), scores)).ToList();
        AtomicFile.Write(Path.Combine(plan.Directory, "scan.json"), JsonSerializer.Serialize(new
        {
            plan.Spec.Name, Tasks = results, Pending = plan.Tasks.Where(t => !plan.IsDone(t)).Select(t => t.Id).ToList(),
            Configurations = configurations.Select(c => new { c.Id, c.Options, c.Seeds, c.Auc, c.Rejection30, c.Rejection50, c.EnsembleAuc, c.EnsembleRejection30, c.EnsembleRejection50 }),
        }, ScanPlan.Json), "scan results", createDirectory: false);
        Figures(plan, configurations);
        AtomicFile.Write(Path.Combine(plan.Directory, "report.md"), Markdown(plan, results, configurations), "scan report", createDirectory: false);
        return results;
    }

    private sealed record Configuration(string Id, IReadOnlyDictionary<string, string> Options, IReadOnlyList<long> Seeds,
        Spread Auc, Spread Rejection30, Spread Rejection50, double EnsembleAuc, RejectionPoint EnsembleRejection30, RejectionPoint EnsembleRejection50,
        RocCurve Ensemble, IReadOnlyList<RocCurve> Members);

    /// <summary>Mean and sample standard deviation (0 for one value).</summary>
    private sealed record Spread(double Mean, double Std)
    {
        public static Spread Of(IReadOnlyList<double> v)
        {
            double mean = v.Average();
            double std = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0;
            return new Spread(mean, std);
        }

        public string Text(string format) => !double.IsFinite(Mean) ? "∞ (a seed lets no test background pass)" : $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {Std.ToString(format, CultureInfo.InvariantCulture)}";
    }

    private static Configuration Summarize(List<TaskResult> members, Dictionary<string, (int[] Labels, double[] Scores)> scores)
    {
        var first = scores[members[0].Id];
        var mean = new double[first.Scores.Length];
        foreach (var m in members)
        {
            var (labels, s) = scores[m.Id];
            if (!labels.SequenceEqual(first.Labels))
                throw new InvalidDataException($"tasks {members[0].Id} and {m.Id} scored different test sets (labels differ): their scores cannot be averaged");
            for (int i = 0; i < s.Length; i++) mean[i] += s[i] / members.Count;
        }
        var ensemble = RocCurve.Compute(first.Labels, mean);
        return new Configuration(members[0].ConfigurationId, members[0].Options, members.Select(m => m.Seed).ToList(),
            Spread.Of(members.Select(m => m.Auc).ToList()), Spread.Of(members.Select(m => m.Rejection30.Rejection).ToList()), Spread.Of(members.Select(m => m.Rejection50.Rejection).ToList()),
            ensemble.Auc(), ensemble.RejectionAt(0.3), ensemble.RejectionAt(0.5), ensemble,
            members.Select(m => RocCurve.Compute(scores[m.Id].Labels, scores[m.Id].Scores)).ToList());
    }

    private static string Label(Configuration c) => c.Options.Count == 0 ? c.Id : string.Join(" ", c.Options.Select(o => $"{o.Key.TrimStart('-')}={o.Value}"));

    private static void Figures(ScanPlan plan, List<Configuration> configurations)
    {
        var roc = new RocDisplay();
        foreach (var c in configurations) roc.Add(c.Ensemble, $"{Label(c)} (ensemble of {c.Seeds.Count})");
        roc.Plot().SavePng(Path.Combine(plan.Directory, "roc.png"), 800, 600);

        // Rejection: the ensemble's curve, and the band from the lowest to the highest seed at each ε_S.
        var plot = HouseStyle.CreatePlot("Signal efficiency ε_S", "Background rejection 1/ε_B");
        var grid = Enumerable.Range(0, 91).Select(i => 0.1 + i * 0.01).ToArray();
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (int k = 0; k < configurations.Count; k++)
        {
            var c = configurations[k];
            var color = HouseStyle.SeriesColor(k);
            var xs = new List<double>();
            var lo = new List<double>();
            var hi = new List<double>();
            var ex = new List<double>();
            var ey = new List<double>();
            foreach (double e in grid)
            {
                var per = c.Members.Select(m => m.BackgroundRejectionAt(e)).ToList();
                if (per.All(double.IsFinite))
                {
                    xs.Add(e);
                    lo.Add(Math.Log10(per.Min()));
                    hi.Add(Math.Log10(per.Max()));
                }
                double r = c.Ensemble.BackgroundRejectionAt(e);
                if (double.IsFinite(r))
                {
                    ex.Add(e);
                    ey.Add(Math.Log10(r));
                }
            }
            if (xs.Count > 1)
            {
                var band = plot.Add.FillY(xs.ToArray(), lo.ToArray(), hi.ToArray());
                band.FillColor = color.WithAlpha(0.25);
                band.LineWidth = 0;
                band.LegendText = $"{Label(c)}: spread of {c.Seeds.Count} seeds";
                yMin = Math.Min(yMin, lo.Min());
                yMax = Math.Max(yMax, hi.Max());
            }
            if (ex.Count > 1)
            {
                var line = plot.Add.ScatterLine(ex.ToArray(), ey.ToArray(), color);
                line.LineWidth = HouseStyle.LineWidth;
                line.LinePattern = HouseStyle.SeriesPattern(k);
                line.LegendText = $"{Label(c)}: ensemble";
                yMin = Math.Min(yMin, ey.Min());
                yMax = Math.Max(yMax, ey.Max());
            }
        }
        HouseStyle.UseLog10YAxis(plot);
        if (double.IsFinite(yMin)) plot.Axes.SetLimits(0.1, 1, Math.Floor(yMin), Math.Ceiling(yMax + 0.05));
        HouseStyle.ShowLegend(plot, Alignment.UpperRight);
        plot.SavePng(Path.Combine(plan.Directory, "rejection.png"), 800, 600);
    }

    private static string F(double v, string format = "F4") => v.ToString(format, CultureInfo.InvariantCulture);

    private static string R(RejectionPoint p) => p.IsLowerLimit ? p.RejectionText("F1") + " (95% CL)" : $"{F(p.Rejection, "F1")} ± {F(p.RejectionError, "F1")}";

    private static string Markdown(ScanPlan plan, List<TaskResult> results, List<Configuration> configurations)
    {
        var t = new StringBuilder();
        t.Append($"# Scan {plan.Spec.Name}\n\n{results.Count} of {plan.Tasks.Count} tasks finished");
        var pending = plan.Tasks.Where(x => !plan.IsDone(x)).ToList();
        t.Append(pending.Count > 0 ? $"; not finished: {string.Join(", ", pending.Select(p => p.Id))}.\n\n" : ".\n\n");
        t.Append("## Tasks\n\n| task | options | seed | AUC | 1/ε_B at ε_S = 0.3 | 1/ε_B at ε_S = 0.5 | epochs | attempts | time (s) |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var r in results)
        {
            var task = plan.Tasks[r.Index];
            t.Append($"| {r.Id} | `{task.OptionsText}` | {r.Seed} | {F(r.Auc)} | {R(r.Rejection30)} | {R(r.Rejection50)} | {r.ValLoss.Count} | {r.Attempts} | {F(r.Seconds, "F1")} |\n");
        }
        t.Append("\n## Configurations: mean ± std over seeds, and the ensemble (scores averaged over seeds)\n\n");
        t.Append("| configuration | options | seeds | AUC | 1/ε_B at 0.3 | 1/ε_B at 0.5 | ensemble AUC | ensemble 1/ε_B at 0.3 | ensemble 1/ε_B at 0.5 |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var c in configurations)
        {
            t.Append($"| {c.Id} | `{Label(c)}` | {string.Join(", ", c.Seeds)} | {c.Auc.Text("F4")} | {c.Rejection30.Text("F1")} | {c.Rejection50.Text("F1")} | {F(c.EnsembleAuc)} | {R(c.EnsembleRejection30)} | {R(c.EnsembleRejection50)} |\n");
        }
        t.Append("\nStd is the sample standard deviation over seeds (0 for one seed); the ± of a single rejection is its binomial error.\n\n");
        t.Append("![rejection](rejection.png)\n\nRejection of each configuration's ensemble; the band spans the seeds' rejections (lowest to highest).\n\n");
        t.Append("![roc](roc.png)\n\nROC of each configuration's ensemble.\n\nPer task: `tasks/<id>/report.md`. Machine-readable: [scan.json](scan.json).\n");
        return t.ToString();
    }
}
