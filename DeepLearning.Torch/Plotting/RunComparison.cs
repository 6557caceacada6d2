using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// Compares every binary training run in a folder: each sub-folder holding the <c>scores.csv</c> and
/// <c>metrics.json</c> that <see cref="RunReport"/> writes is one model, named after its sub-folder. Writes into the
/// folder <c>comparison.md</c> (a table of test AUC and 1/ε_B at the chosen signal efficiencies with bootstrap
/// intervals and binomial errors, trainable parameters, epochs and training time), <c>comparison.json</c> (the same
/// numbers) and the overlays <c>comparison_roc</c> and <c>comparison_rejection</c> (with a ratio panel to the first
/// model) as PNG and SVG. Models are listed in order of increasing AUC. Everything is recomputed from the test rows of
/// each scores.csv, with one bootstrap seed, so the intervals are comparable. Each model is also compared with the one
/// listed before it by a paired bootstrap (<see cref="RocBootstrap.Compare(int[], double[], double[], double[], RocBootstrapOptions)"/>): the interval of the AUC difference and of
/// the rejection ratio, which says whether the better model is better beyond the test sample's uncertainty. Pairing
/// assumes both runs scored the same test rows in the same order (as runs on the same data do); runs whose test labels
/// differ are not paired, and the report says so.
/// </summary>
public static class RunComparison
{
    /// <summary>Reads the runs under <paramref name="directory"/> and writes the comparison; returns the path of comparison.md.</summary>
    /// <param name="directory">The folder whose sub-folders are runs.</param>
    /// <param name="options">Bootstrap, efficiencies and figure settings (defaults when null: those of <see cref="ScoreReportOptions"/>, 100 replicas, seed 0, ε_S 0.3 and 0.5).</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">No sub-folder holds a binary run (the message names what was looked for), or a run's files are malformed.</exception>
    public static string Write(string directory, ScoreReportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= new ScoreReportOptions();
        options.Validate();
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"No folder '{directory}' to compare runs in.");
        var runs = Directory.GetDirectories(directory).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "scores.csv")) && File.Exists(Path.Combine(d, "metrics.json")))
            .Select(d => Evaluate(d, options)).Where(r => r is not null).Select(r => r!).OrderBy(r => r.Roc.Auc()).ToList();
        if (runs.Count == 0)
            throw new ArgumentException($"No run to compare in '{directory}': expected sub-folders with scores.csv and metrics.json of a binary classifier (as RunReport writes them).", nameof(directory));

        var figures = options.Report;
        var writer = new ReportWriter(directory, new ReportWriterOptions { Width = figures.Width, Height = figures.Height, Png = figures.Png, Svg = figures.Svg });
        var roc = new RocDisplay();
        var rejection = new RejectionDisplay { ConfidenceLevel = options.ConfidenceLevel };
        foreach (var run in runs)
        {
            roc.Add(run.Roc, run.Name);
            rejection.Add(run.Roc, run.Name);
        }
        writer.AddFigure("comparison_roc", roc.Plot(), "ROC curves");
        writer.AddFigure("comparison_rejection", rejection.Figure(), "Background rejection");

        var pairs = Paired(runs, options);
        var json = new JsonObject
        {
            ["ci_level"] = options.ConfidenceLevel,
            ["bootstrap_replicates"] = options.BootstrapReplicates,
            ["runs"] = new JsonArray(runs.Select(r => (JsonNode?)r.ToJson()).ToArray()),
            ["paired"] = new JsonArray(pairs.Select(p => (JsonNode?)p.ToJson()).ToArray()),
        };
        AtomicFile.Write(Path.Combine(writer.Directory, "comparison.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), "comparison JSON", createDirectory: false);
        string path = Path.Combine(writer.Directory, "comparison.md");
        AtomicFile.Write(path, Markdown(runs, pairs, options, figures.Png), "comparison report", createDirectory: false);
        return path;
    }

    private sealed record Run(string Name, RocCurve Roc, ConfidenceInterval? AucInterval, IReadOnlyList<(RejectionPoint Point, ConfidenceInterval? Interval)> Rejections,
        int Samples, long? Parameters, int? Epochs, double? Seconds, int[] Labels, double[] Scores, double[]? Weights)
    {
        public JsonObject ToJson() => new()
        {
            ["name"] = Name,
            ["n_samples"] = Samples,
            ["auc"] = Roc.Auc(),
            ["auc_ci"] = AucInterval is null ? null : new JsonArray(AucInterval.Lower, AucInterval.Upper),
            ["rejection"] = new JsonObject(Rejections.Select(r => KeyValuePair.Create(Key(r.Point.SignalEfficiency), (JsonNode?)new JsonObject
            {
                ["value"] = Finite(r.Point.Rejection),
                ["error"] = Finite(r.Point.RejectionError),
                ["lower_limit"] = r.Point.RejectionLowerLimit,
                ["ci"] = r.Interval is null ? null : new JsonArray(Finite(r.Interval.Lower), Finite(r.Interval.Upper)),
            }))),
            ["parameters"] = Parameters,
            ["epochs_run"] = Epochs,
            ["training_seconds"] = Seconds,
        };
    }

    /// <summary>One run's numbers, or null (with a warning on stderr) for a multi-class run, which has no single ROC.</summary>
    private static Run? Evaluate(string folder, ScoreReportOptions options)
    {
        string name = Path.GetFileName(folder);
        var table = ScoreTable.ReadCsv(Path.Combine(folder, "scores.csv"));
        if (!table.IsBinary && table.ClassNames.Count != 2)
        {
            Console.Error.WriteLine($"warning: run '{name}' has {table.ClassNames.Count} classes; the comparison covers binary classifiers only and skips it.");
            return null;
        }
        int column = table.IsBinary ? 0 : 1;
        var labels = table.SelectLabels(train: false);
        var scores = table.Column(column, train: false);
        var weights = table.SelectWeights(train: false);
        var roc = RocCurve.Compute(labels, scores, weights);
        RocBootstrapResult? boot = options.BootstrapReplicates > 0
            ? RocBootstrap.Compute(labels, scores, weights, new RocBootstrapOptions
            {
                Replicates = options.BootstrapReplicates, Seed = options.Seed, ConfidenceLevel = options.ConfidenceLevel, SignalEfficiencies = options.SignalEfficiencies,
            })
            : null;
        var rejections = options.SignalEfficiencies.Select(e => (roc.RejectionAt(e, options.ConfidenceLevel), boot?.Rejections[e])).ToList();

        JsonNode? metrics;
        string metricsPath = Path.Combine(folder, "metrics.json");
        try { metrics = JsonNode.Parse(File.ReadAllText(metricsPath)); }
        catch (JsonException e) { throw new ArgumentException($"'{metricsPath}' is not valid JSON: {e.Message}", nameof(folder), e); }
        long? parameters = metrics?["parameters"] is JsonValue p ? p.GetValue<long>() : null;
        int? epochs = metrics?["epochs_run"] is JsonValue n ? n.GetValue<int>() : null;
        double? seconds = metrics?["training_seconds"] is JsonValue s ? s.GetValue<double>() : null;
        return new Run(name, roc, boot?.Auc, rejections, labels.Length, parameters, epochs, seconds, labels, scores, weights);
    }

    /// <summary>Model B against model A (listed just before it): the paired comparison, or null when the two were not scored on the same test labels.</summary>
    private sealed record Pair(string A, string B, RocComparisonResult? Result)
    {
        public JsonObject ToJson() => new()
        {
            ["a"] = A,
            ["b"] = B,
            ["same_test_labels"] = Result is not null,
            ["auc_difference"] = Result is null ? null : Result.AucDifference.Estimate,
            ["auc_difference_ci"] = Result is null ? null : new JsonArray(Result.AucDifference.Lower, Result.AucDifference.Upper),
            ["fraction_auc_not_higher"] = Result?.FractionAucNotHigher,
            ["rejection_ratio"] = Result is null ? null : new JsonObject(Result.RejectionRatios.Select(r => KeyValuePair.Create(Key(r.Key), (JsonNode?)new JsonObject
            {
                ["value"] = Finite(r.Value.Estimate),
                ["ci"] = new JsonArray(Finite(r.Value.Lower), Finite(r.Value.Upper)),
            }))),
        };
    }

    private static List<Pair> Paired(List<Run> runs, ScoreReportOptions options)
    {
        var pairs = new List<Pair>();
        if (options.BootstrapReplicates == 0) return pairs;
        for (int i = 1; i < runs.Count; i++)
        {
            Run a = runs[i - 1], b = runs[i];
            bool same = a.Labels.AsSpan().SequenceEqual(b.Labels) && (a.Weights is null ? b.Weights is null : b.Weights is not null && a.Weights.AsSpan().SequenceEqual(b.Weights));
            pairs.Add(new Pair(a.Name, b.Name, same
                ? RocBootstrap.Compare(a.Labels, a.Scores, b.Scores, a.Weights, new RocBootstrapOptions
                {
                    Replicates = options.BootstrapReplicates, Seed = options.Seed, ConfidenceLevel = options.ConfidenceLevel, SignalEfficiencies = options.SignalEfficiencies,
                })
                : null));
        }
        return pairs;
    }

    private static string Markdown(List<Run> runs, List<Pair> pairs, ScoreReportOptions options, bool png)
    {
        string level = (100 * options.ConfidenceLevel).ToString("0.#", CultureInfo.InvariantCulture);
        var md = new StringBuilder("# Model comparison\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Test samples of each run's scores.csv; intervals are {level} % bootstrap percentile intervals ({options.BootstrapReplicates} replicas, seed {options.Seed}), ± the binomial error of 1/ε_B.\n\n");
        Header(md, ["model", "test jets", "AUC"], "1/ε_B at ε_S =", ["parameters", "epochs", "training time"], options.SignalEfficiencies);
        foreach (var run in runs)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {run.Name} | {run.Samples:N0} | {run.Roc.Auc():F4}");
            if (run.AucInterval is { } a) md.Append(CultureInfo.InvariantCulture, $" [{a.Lower:F4}, {a.Upper:F4}]");
            foreach (var (point, interval) in run.Rejections)
            {
                md.Append(" | ").Append(point.IsLowerLimit
                    ? string.Create(CultureInfo.InvariantCulture, $"> {point.RejectionLowerLimit:G4} ({100 * point.ConfidenceLevel:0.#} % CL, no background passes)")
                    : string.Create(CultureInfo.InvariantCulture, $"{point.Rejection:F1} ± {point.RejectionError:F1}"));
                if (interval is not null && !point.IsLowerLimit)
                    md.Append(CultureInfo.InvariantCulture, $" [{Bound(interval.Lower)}, {Bound(interval.Upper)}]");
            }
            md.Append(CultureInfo.InvariantCulture, $" | {(run.Parameters is long p ? p.ToString("N0", CultureInfo.InvariantCulture) : "?")} | {(run.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "?")} | {(run.Seconds is double s ? s.ToString("F1", CultureInfo.InvariantCulture) + " s" : "?")} |\n");
        }
        if (pairs.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## Each model against the one above it (paired bootstrap)\n\nBoth models on the same resampled test jets in every replica ({options.BootstrapReplicates} replicas, seed {options.Seed}), so what they share cancels: B is better than A beyond the test sample's uncertainty where the AUC difference's interval lies above 0 (the rejection ratio's above 1). Training with another seed varies a model more than this.\n\n");
            Header(md, ["B vs A", "AUC(B) − AUC(A)", "replicas with AUC(B) ≤ AUC(A)"], "rejection ratio B/A at ε_S =", [], options.SignalEfficiencies);
            foreach (var pair in pairs)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {pair.B} vs {pair.A} | ");
                if (pair.Result is not { } r)
                {
                    md.Append("not paired: the two runs' test labels differ, so they were not scored on the same jets |");
                    foreach (double _ in options.SignalEfficiencies) md.Append(" |");
                    md.Append('\n');
                    continue;
                }
                var d = r.AucDifference;
                md.Append(CultureInfo.InvariantCulture, $"{d.Estimate:+0.0000;−0.0000} [{d.Lower:+0.0000;−0.0000}, {d.Upper:+0.0000;−0.0000}] | {100 * r.FractionAucNotHigher:0.#} %");
                foreach (double e in options.SignalEfficiencies)
                {
                    var ratio = r.RejectionRatios[e];
                    md.Append(CultureInfo.InvariantCulture, $" | {Ratio(ratio.Estimate)} [{Ratio(ratio.Lower)}, {Ratio(ratio.Upper)}]");
                }
                md.Append(" |\n");
            }
        }
        string ext = png ? "png" : "svg";
        md.Append(CultureInfo.InvariantCulture, $"\n## ROC curves\n\n![ROC curves](comparison_roc.{ext})\n\n## Background rejection\n\n![Background rejection](comparison_rejection.{ext})\n\nNumbers: [comparison.json](comparison.json).\n");
        return md.ToString();
    }

    /// <summary>Appends a table's header and separator rows: the leading columns, one per signal efficiency, the trailing ones.</summary>
    private static void Header(StringBuilder md, string[] leading, string perEfficiency, string[] trailing, IReadOnlyList<double> efficiencies)
    {
        var columns = leading.Concat(efficiencies.Select(e => string.Create(CultureInfo.InvariantCulture, $"{perEfficiency} {e:G4}"))).Concat(trailing).ToList();
        md.Append("| ").AppendJoin(" | ", columns).Append(" |\n|").Append(string.Concat(columns.Select(_ => "---|"))).Append('\n');
    }

    private static string Ratio(double v) => double.IsNaN(v) ? "undefined" : double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "∞";

    private static string Bound(double v) => double.IsFinite(v) ? v.ToString("F1", CultureInfo.InvariantCulture) : "∞";

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static string Key(double e) => e.ToString("R", CultureInfo.InvariantCulture);
}
