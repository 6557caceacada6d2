using System.Globalization;
using System.Text.Json.Nodes;
using DeepLearning.Torch.Evaluation;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// Evaluates classifier scores from anywhere (a <see cref="ScoreTable"/>, e.g. a CSV file) and writes
/// <c>metrics.json</c>, the figures and <c>report.md</c> into one folder. Keys of metrics.json, binary:
/// <c>auc</c>, <c>roc</c> (<c>fpr</c>, <c>tpr</c>, <c>thresholds</c>), <c>rejection</c> (signal efficiency as
/// text to 1/eps_B; where no background passes, the lower limit as <c>{"lower_limit": 1234.5, "cl": 0.95}</c>, see
/// <see cref="RejectionPoint.RejectionLowerLimit"/>), <c>rejection_error</c> (null with a limit), <c>rejection_ci</c>
/// (null for an end without a finite value), <c>auc_ci</c>, <c>average_precision</c>, <c>accuracy</c>, <c>precision</c>, <c>recall</c>, <c>f1</c>
/// (at the threshold), <c>confusion_matrix</c> (true label by row). Multi-class: <c>auc_ovr_macro</c>,
/// <c>auc_ovr_weighted</c>, <c>auc_per_class</c>, <c>accuracy</c>, <c>confusion_matrix</c>, <c>report</c>
/// (per class and averages: precision, recall, f1, support). Metrics use the test samples when the table
/// has a split column. The file holds no NaN or Infinity tokens (they are not JSON). report.md gets a
/// "Background rejection" section stating each rejection or its lower limit.
/// </summary>
public static class ScoreReport
{
    /// <summary>Reads a CSV file (see <see cref="ScoreTable.ReadCsv"/>) and writes the report.</summary>
    /// <param name="csvPath">The score file.</param>
    /// <param name="directory">Output folder.</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <returns>The metrics written to metrics.json.</returns>
    public static JsonObject WriteFromCsv(string csvPath, string directory, ScoreReportOptions? options = null)
        => Write(ScoreTable.ReadCsv(csvPath), directory, options);

    /// <summary>Evaluates the table and writes metrics.json, figures and report.md into <paramref name="directory"/>.</summary>
    /// <param name="table">Scores and labels.</param>
    /// <param name="directory">Output folder (created when missing).</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <returns>The metrics written to metrics.json.</returns>
    public static JsonObject Write(ScoreTable table, string directory, ScoreReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new ScoreReportOptions();
        options.Validate();
        var writer = new ReportWriter(directory, options.Report);
        AddTo(writer, table, options);
        writer.Write();
        return writer.Metrics;
    }

    /// <summary>
    /// Evaluates the table into an existing report: its metrics go into <see cref="ReportWriter.Metrics"/> and its
    /// figures are added; the caller adds its own (a training history, say) and calls <see cref="ReportWriter.Write"/>.
    /// </summary>
    /// <param name="writer">The report to add to.</param>
    /// <param name="table">Scores and labels.</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <param name="name">The classifier's name in legends. <value>Default "classifier".</value></param>
    public static void AddTo(ReportWriter writer, ScoreTable table, ScoreReportOptions? options = null, string name = "classifier")
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new ScoreReportOptions();
        options.Validate();
        if (table.IsBinary || table.ClassNames.Count == 2)
        {
            WriteBinary(table, writer, options, table.IsBinary ? 0 : 1, name); // two probability columns: class 1 is signal
        }
        else
        {
            WriteMulticlass(table, writer, options);
        }
    }

    private static void WriteBinary(ScoreTable table, ReportWriter writer, ScoreReportOptions options, int column, string name)
    {
        var labels = table.SelectLabels(train: false);
        var scores = table.Column(column, train: false);
        var weights = table.SelectWeights(train: false);
        var roc = RocCurve.Compute(labels, scores, weights);
        var m = writer.Metrics;
        m["n_samples"] = labels.Length;
        m["auc"] = roc.Auc();
        m["roc"] = new JsonObject { ["fpr"] = Array(roc.Fpr), ["tpr"] = Array(roc.Tpr), ["thresholds"] = Array(roc.Thresholds) };
        var rejection = new JsonObject();
        var rejectionError = new JsonObject();
        var rejectionText = new System.Text.StringBuilder("| signal efficiency | background rejection 1/eps_B |\n|---|---|\n");
        foreach (double eff in options.SignalEfficiencies)
        {
            var p = roc.RejectionAt(eff, options.ConfidenceLevel);
            rejection[Key(eff)] = p.RejectionLowerLimit is { } limit
                ? new JsonObject { ["lower_limit"] = limit, ["cl"] = p.ConfidenceLevel }
                : Number(p.Rejection);
            rejectionError[Key(eff)] = Number(p.RejectionError);
            rejectionText.Append(CultureInfo.InvariantCulture, $"| {eff:G4} | ").Append(p.IsLowerLimit
                ? string.Create(CultureInfo.InvariantCulture, $"> {p.RejectionLowerLimit:G4} at {p.ConfidenceLevel * 100:0.#}% CL (no background passes)")
                : string.Create(CultureInfo.InvariantCulture, $"{p.Rejection:G4} ± {p.RejectionError:G2}")).Append(" |\n");
        }

        writer.AddSection("Background rejection", rejectionText.ToString());

        m["rejection"] = rejection;
        m["rejection_error"] = rejectionError;
        if (options.BootstrapReplicates > 0)
        {
            var boot = RocBootstrap.Compute(labels, scores, weights, new RocBootstrapOptions
            {
                Replicates = options.BootstrapReplicates, Seed = options.Seed, ConfidenceLevel = options.ConfidenceLevel,
                SignalEfficiencies = options.SignalEfficiencies,
            });
            m["auc_ci"] = new JsonArray(boot.Auc.Lower, boot.Auc.Upper);
            m["rejection_ci"] = new JsonObject(boot.Rejections.Select(kv =>
                KeyValuePair.Create(Key(kv.Key), (JsonNode?)new JsonArray(Number(kv.Value.Lower), Number(kv.Value.Upper)))));
            m["ci_level"] = options.ConfidenceLevel;
        }

        m["average_precision"] = PrecisionRecallCurve.Compute(labels, scores, weights).AveragePrecision();
        var predictions = Predictions.Threshold(scores, options.Threshold);
        var report = ClassificationReport.Compute(labels, predictions, 2, weights);
        m["threshold"] = options.Threshold;
        m["accuracy"] = report.Accuracy;
        m["precision"] = report.Classes[1].Precision;
        m["recall"] = report.Classes[1].Recall;
        m["f1"] = report.Classes[1].F1;
        var cm = ConfusionMatrix.Compute(labels, predictions, 2, weights, ["background (0)", "signal (1)"]);
        m["confusion_matrix"] = Matrix(cm.ToArray());

        writer.AddFigure("roc", RocDisplay.From(roc, name).Plot(), "ROC curve");
        writer.AddFigure("rejection", RejectionDisplay.From(roc, name).Figure(), "Background rejection against signal efficiency");
        writer.AddFigure("confusion_matrix", ConfusionMatrixDisplay.From(cm).Plot(),
            string.Create(CultureInfo.InvariantCulture, $"Confusion matrix at score >= {options.Threshold}"));
        AddScoreDistribution(table, writer, table.IsBinary ? ["background", "signal"] : table.ClassNames, column);
    }

    private static void WriteMulticlass(ScoreTable table, ReportWriter writer, ScoreReportOptions options)
    {
        var labels = table.SelectLabels(train: false);
        var probabilities = table.SelectProbabilities(train: false);
        var weights = table.SelectWeights(train: false);
        var names = table.ClassNames;
        var ovr = OneVsRestRoc.Compute(labels, probabilities, weights, names);
        var m = writer.Metrics;
        m["n_samples"] = labels.Length;
        m["auc_ovr_macro"] = ovr.MacroAuc;
        m["auc_ovr_weighted"] = ovr.WeightedAuc;
        m["auc_per_class"] = new JsonObject(names.Select((n, k) => KeyValuePair.Create(n, (JsonNode?)ovr.PerClassAuc[k])));
        var predictions = Predictions.ArgMax(probabilities);
        var report = ClassificationReport.Compute(labels, predictions, names.Count, weights, names);
        m["accuracy"] = report.Accuracy;
        var cm = ConfusionMatrix.Compute(labels, predictions, names.Count, weights, names);
        m["confusion_matrix"] = Matrix(cm.ToArray());
        var reportJson = new JsonObject();
        foreach (var c in report.Classes.Append(report.Macro).Append(report.Weighted))
        {
            reportJson[c.Name] = new JsonObject { ["precision"] = c.Precision, ["recall"] = c.Recall, ["f1"] = c.F1, ["support"] = c.Support };
        }

        m["report"] = reportJson;
        m["report_text"] = report.ToText();
        var rocDisplay = new RocDisplay();
        for (int k = 0; k < names.Count; k++)
        {
            rocDisplay.Add(ovr.Curves[k], names[k] + " vs rest");
        }

        writer.AddFigure("roc_ovr", rocDisplay.Plot(), "One-vs-rest ROC curves");
        writer.AddFigure("confusion_matrix", ConfusionMatrixDisplay.From(cm, ConfusionNormalization.True).Plot(),
            "Confusion matrix (normalised over true labels)");
        writer.AddFigure("confusion_matrix_counts", ConfusionMatrixDisplay.From(cm).Plot(), "Confusion matrix (counts)");
    }

    private static void AddScoreDistribution(ScoreTable table, ReportWriter writer, IReadOnlyList<string> names, int column)
    {
        var testLabels = table.SelectLabels(train: false);
        var testScores = table.Column(column, train: false);
        var trainLabels = table.SelectLabels(train: true);
        if (trainLabels.Length > 0)
        {
            var display = ScoreDistributionDisplay.From(table.Column(column, train: true), trainLabels, testScores, testLabels, names);
            writer.AddFigure("score_distribution", display.Plot(), "Score distributions, training against test (overtraining check)");
            writer.Metrics["ks_pvalue"] = new JsonObject(names.Select((n, k) => KeyValuePair.Create(n, (JsonNode?)display.KsTests[k].PValue)));
        }
        else
        {
            writer.AddFigure("score_distribution", ScoreDistributionDisplay.FromSingleSet(testScores, testLabels, names).Plot(), "Score distributions");
        }
    }

    private static string Key(double eff) => eff.ToString("R", CultureInfo.InvariantCulture);

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonArray Array(IReadOnlyList<double> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static JsonArray Matrix(double[,] values)
    {
        var rows = new JsonArray();
        for (int i = 0; i < values.GetLength(0); i++)
        {
            var row = new JsonArray();
            for (int j = 0; j < values.GetLength(1); j++)
            {
                row.Add(values[i, j]);
            }

            rows.Add(row);
        }

        return rows;
    }
}
