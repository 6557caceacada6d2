using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.IO;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Core;
using TorchSharp;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// The output folder of one training run. Create it before training (checkpoints go to <see cref="PathOf"/>), then
/// <see cref="Write"/> writes in one call: <c>history.json</c>, <c>history.csv</c>, the history plots,
/// for a classifier <c>scores.csv</c> (the test scores, and training scores when given, readable by <see cref="ScoreTable.ReadCsv"/>)
/// and the evaluation figures and metrics of <see cref="ScoreReport"/> computed from that file, <c>metrics.json</c>
/// and a <c>report.md</c> that also records the data, model summary, seed, device and package versions.
/// Extra figures, sections and metrics can be added to <see cref="Writer"/> before <see cref="Write"/>.
/// </summary>
public sealed class RunReport
{
    private readonly ScoreReportOptions _options;

    /// <summary>Creates (or reuses) the output folder.</summary>
    /// <param name="directory">Output folder (created when missing).</param>
    /// <param name="title">Title of report.md.</param>
    /// <param name="options">Evaluation and figure settings (defaults when null); its report title is replaced by <paramref name="title"/>.</param>
    public RunReport(string directory, string title, ScoreReportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        options ??= new ScoreReportOptions();
        options.Validate();
        var figures = options.Report;
        _options = options;
        Writer = new ReportWriter(directory, new ReportWriterOptions { Width = figures.Width, Height = figures.Height, Png = figures.Png, Svg = figures.Svg, Title = title });
    }

    /// <summary>The output folder (full path).</summary>
    public string Directory => Writer.Directory;

    /// <summary>The report being assembled: add figures, sections or metrics before <see cref="Write"/>.</summary>
    public ReportWriter Writer { get; }

    /// <summary>One line with the main test metrics (AUC and background rejection, or accuracy and macro AUC; the last epoch's logs for a run without test scores); empty before <see cref="Write"/>.</summary>
    public string Headline { get; private set; } = "";

    /// <summary>The path of <paramref name="fileName"/> inside the folder, e.g. for a checkpoint.</summary>
    /// <param name="fileName">A file name.</param>
    /// <returns>The full path.</returns>
    public string PathOf(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        return Path.Combine(Directory, fileName);
    }

    /// <summary>Writes every file of the run (see the class description) and sets <see cref="Headline"/>.</summary>
    /// <param name="result">The model, history and scores.</param>
    /// <returns>The path of report.md.</returns>
    /// <exception cref="ArgumentException">Scores and labels disagree in length or shape, or labels are out of range.</exception>
    public string Write(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // Checked before any file is written: scores come as test scores with labels, training scores only beside them.
        bool classifier = result.TestScores is not null || result.TestLabels is not null;
        if (!classifier && (result.TrainScores is not null || result.TrainLabels is not null))
            throw new ArgumentException("Expected TestScores and TestLabels with TrainScores/TrainLabels: training scores are only the overtraining check of test scores.", nameof(result));
        var scores = classifier ? RunScores.Create(result) : null;
        var history = result.History;
        history.SaveJson(PathOf("history.json"));
        history.SaveCsv(PathOf("history.csv"));
        var m = Writer.Metrics;
        if (history.Epochs.Count > 0) Writer.AddHistory(history.Keys.ToDictionary(k => k, k => (IReadOnlyList<double>)history[k]), result.BestEpoch);

        if (scores is not null)
        {
            AtomicFile.Write(PathOf("scores.csv"), scores.ToCsv(), "scores CSV", createDirectory: false);
            var table = ScoreTable.ReadCsv(PathOf("scores.csv"));
            ScoreReport.AddTo(Writer, table, _options, result.Model.Description.Name);
            if (!scores.IsBinary) AddMulticlassAccuracy(table);
        }
        m["parameters"] = result.Model.TrainableParameterCount;
        m["epochs_run"] = history.Epochs.Count;
        m["training_seconds"] = Math.Round(history.Epochs.Sum(e => e.Seconds), 1);
        if (result.BestEpoch is int best) m["best_epoch"] = best;
        m["stop_reason"] = history.StopReason.ToString();

        Writer.AddSection("Run", RunTable(result, scores is not null));
        Writer.AddSection("Model", "```\n" + result.Model.Summary().TrimEnd() + "\n```");
        string path = Writer.Write();
        Headline = scores is null ? LastEpochHeadline(history) : scores.IsBinary ? BinaryHeadline(m) : MulticlassHeadline(m);
        return path;
    }

    private void AddMulticlassAccuracy(ScoreTable table)
    {
        var m = Writer.Metrics;
        var labels = table.SelectLabels(train: false);
        int correct = labels.Zip(Predictions.ArgMax(table.SelectProbabilities(train: false)), (a, p) => a == p).Count(c => c);
        var accuracy = BinomialInterval.Compute(correct, labels.Length, confidenceLevel: _options.ConfidenceLevel);
        m["accuracy_ci"] = new JsonArray(accuracy.Lower, accuracy.Upper);
        m["ci_level"] = _options.ConfidenceLevel;
        if (m["report_text"] is JsonValue text) Writer.AddSection("Classification report (test samples)", "```\n" + text.GetValue<string>().TrimEnd() + "\n```");
    }

    /// <summary>For a run without classifier scores: the last epoch's logs (<c>Epoch 5: d_loss 0.6123, g_loss 0.9871</c>).</summary>
    private static string LastEpochHeadline(History history) => history.Epochs.Count == 0 ? "No epoch was trained." :
        string.Create(CultureInfo.InvariantCulture, $"Epoch {history.Epochs[^1].Epoch}: ") +
        string.Join(", ", history.Epochs[^1].Values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G4}")));

    private static string RunTable(RunResult result, bool withScores)
    {
        var history = result.History;
        var text = new StringBuilder("| | |\n|---|---|\n");
        text.Append(CultureInfo.InvariantCulture, $"| model | {result.Model.Description.Name} ({result.Model.TrainableParameterCount:N0} trainable parameters) |\n");
        if (result.Data is not null) text.Append(CultureInfo.InvariantCulture, $"| data | {result.Data} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| seed | {history.Seed} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| device | {history.Device} ({history.DeviceReason}) |\n");
        text.Append(CultureInfo.InvariantCulture, $"| epochs | {history.Epochs.Count} ({history.StopReason}{(history.StopMessage is null ? "" : ": " + history.StopMessage)}) |\n");
        text.Append(CultureInfo.InvariantCulture, $"| training time | {history.Epochs.Sum(e => e.Seconds):F1} s |\n");
        foreach (var (package, version) in history.PackageVersions) text.Append(CultureInfo.InvariantCulture, $"| {package} | {version} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| machine | {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription} |\n");
        text.Append(withScores ? "\nFiles: [history.json](history.json), [metrics.json](metrics.json), [scores.csv](scores.csv).\n"
            : "\nFiles: [history.json](history.json), [metrics.json](metrics.json).\n");
        return text.ToString();
    }

    private static string BinaryHeadline(JsonObject m)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Test AUC {m["auc"]!.GetValue<double>():F4}"));
        if (m["auc_ci"] is JsonArray ci) text.Append(CultureInfo.InvariantCulture, $" ({100 * m["ci_level"]!.GetValue<double>():0.#}% CI {ci[0]!.GetValue<double>():F4}-{ci[1]!.GetValue<double>():F4})");
        foreach (var (eff, value) in m["rejection"]!.AsObject())
        {
            string rejection = value switch
            {
                JsonObject limit => string.Create(CultureInfo.InvariantCulture,
                    $"> {limit["lower_limit"]!.GetValue<double>():F1} at {100 * limit["cl"]!.GetValue<double>():0.#}% CL (no test background passes)"),
                JsonValue number => string.Create(CultureInfo.InvariantCulture,
                    $"{number.GetValue<double>():F1} ± {m["rejection_error"]![eff]!.GetValue<double>():F1}"),
                _ => "not computed",
            };
            text.Append(CultureInfo.InvariantCulture, $"; 1/eps_B at eps_S = {eff}: {rejection}");
        }
        return text.Append(CultureInfo.InvariantCulture, $" ({m["n_samples"]!.GetValue<int>():N0} test samples)").ToString();
    }

    private static string MulticlassHeadline(JsonObject m)
    {
        var ci = m["accuracy_ci"]!.AsArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"Test accuracy {100 * m["accuracy"]!.GetValue<double>():F1}% ({100 * m["ci_level"]!.GetValue<double>():0.#}% CI {100 * ci[0]!.GetValue<double>():F1}-{100 * ci[1]!.GetValue<double>():F1}%), one-vs-rest macro AUC {m["auc_ovr_macro"]!.GetValue<double>():F4} ({m["n_samples"]!.GetValue<int>():N0} test samples)");
    }
}
