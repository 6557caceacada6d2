using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Training;

namespace DeepLearning.Examples;

/// <summary>
/// The output folder of one example run: figures and <c>metrics.json</c> through a <see cref="ReportWriter"/>,
/// <c>history.json</c>, and a <c>report.md</c> that also records the model summary, data, seed, device and versions.
/// </summary>
public sealed class RunOutput
{
    /// <summary>Creates (or reuses) the folder.</summary>
    public RunOutput(string directory, string title)
    {
        Report = new ReportWriter(directory, new ReportWriterOptions { Title = title });
    }

    /// <summary>The folder, absolute.</summary>
    public string Directory => Report.Directory;

    /// <summary>The report: add figures and metrics to it.</summary>
    public ReportWriter Report { get; }

    /// <summary>Path of <paramref name="file"/> inside the folder.</summary>
    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Adds a markdown section to report.md (after the figures).</summary>
    public void AddSection(string title, string markdown) => Report.AddSection(title, markdown);

    /// <summary>Writes history.json and history.csv, the loss and metric plots, and the per-epoch table.</summary>
    public void AddHistory(History history, int? bestEpoch)
    {
        history.SaveJson(PathOf("history.json"));
        history.SaveCsv(PathOf("history.csv"));
        var series = history.Keys.ToDictionary(k => k, k => (IReadOnlyList<double>)history[k]);
        var display = TrainingHistoryDisplay.From(series, bestEpoch);
        Report.AddFigure("history", display.Plot(), "Training history: loss per epoch" + (bestEpoch is null ? "" : $" (best epoch {bestEpoch})"));
        if (display.HasMetrics) Report.AddFigure("history_metrics", display.MetricsPlot(), "Training history: metrics per epoch");
        Report.Metrics["epochs_run"] = history.Epochs.Count;
        Report.Metrics["training_seconds"] = Math.Round(history.Epochs.Sum(e => e.Seconds), 1);
        if (bestEpoch is not null) Report.Metrics["best_epoch"] = bestEpoch.Value;
        Report.Metrics["stop_reason"] = history.StopReason.ToString();
    }

    /// <summary>Writes metrics.json and report.md with the run description and the model summary.</summary>
    /// <returns>The path of report.md.</returns>
    public string Finish(ExampleArguments arguments, string dataDescription, string modelSummary, History? history)
    {
        var text = new StringBuilder("| | |\n|---|---|\n");
        text.Append(CultureInfo.InvariantCulture, $"| model | {arguments.Model} |\n| data | {dataDescription} |\n| seed | {arguments.Seed} |\n");
        if (history is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"| device | {history.Device} ({history.DeviceReason}) |\n");
            text.Append(CultureInfo.InvariantCulture, $"| epochs | {history.Epochs.Count} ({history.StopReason}) |\n");
            text.Append(CultureInfo.InvariantCulture, $"| training time | {history.Epochs.Sum(e => e.Seconds):F0} s |\n");
            foreach (var (package, version) in history.PackageVersions) text.Append(CultureInfo.InvariantCulture, $"| {package} | {version} |\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"| .NET | {Environment.Version} |\n| machine | {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription} |\n");
        text.Append("\nFiles: [history.json](history.json), [metrics.json](metrics.json), best checkpoint `best.ckpt`.\n");
        Report.AddSection("Run", text.ToString());
        Report.AddSection("Model", "```\n" + modelSummary + "\n```");
        return Report.Write();
    }

    /// <summary>Adds a numeric metric to metrics.json.</summary>
    public void Metric(string key, double value) => Report.Metrics[key] = value;

    /// <summary>Adds any JSON value to metrics.json.</summary>
    public void Metric(string key, JsonNode value) => Report.Metrics[key] = value;
}
