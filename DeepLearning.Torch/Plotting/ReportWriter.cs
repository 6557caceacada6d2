using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeepLearning.Torch.IO;
using ScottPlot;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// Collects the figures and metrics of one evaluation run into one folder: every figure as PNG and/or SVG,
/// <c>metrics.json</c>, and a short <c>report.md</c> listing the scalar metrics and linking the figures.
/// </summary>
public sealed partial class ReportWriter
{
    private readonly ReportWriterOptions _options;
    private readonly List<(string Name, string Caption)> _figures = [];
    private readonly List<(string Title, string Markdown)> _sections = [];

    /// <summary>Creates the writer and the output folder.</summary>
    /// <param name="directory">Output folder (created when missing).</param>
    /// <param name="options">Settings (defaults when null).</param>
    public ReportWriter(string directory, ReportWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _options = options ?? new ReportWriterOptions();
        _options.Validate();
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
    }

    /// <summary>The output folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The metrics written to metrics.json; add entries before <see cref="Write"/>.</summary>
    public JsonObject Metrics { get; } = [];

    /// <summary>Saves a figure now; returns the paths written.</summary>
    /// <param name="name">File stem: letters, digits, '_' or '-'.</param>
    /// <param name="plot">The plot.</param>
    /// <param name="caption">Caption used in report.md.</param>
    public IReadOnlyList<string> AddFigure(string name, Plot plot, string caption)
    {
        ArgumentNullException.ThrowIfNull(plot);
        return Save(name, caption, path => plot.SavePng(path, _options.Width, _options.Height), path => plot.SaveSvg(path, _options.Width, _options.Height));
    }

    /// <summary>Saves a stacked figure (e.g. rejection with ratio panel) now; returns the paths written.</summary>
    /// <param name="name">File stem: letters, digits, '_' or '-'.</param>
    /// <param name="figure">The figure.</param>
    /// <param name="caption">Caption used in report.md.</param>
    public IReadOnlyList<string> AddFigure(string name, StackedFigure figure, string caption)
    {
        ArgumentNullException.ThrowIfNull(figure);
        int height = figure.Plots.Count > 1 ? _options.Height * 4 / 3 : _options.Height;
        return Save(name, caption, path => figure.SavePng(path, _options.Width, height), path => figure.SaveSvg(path, _options.Width, height));
    }

    /// <summary>
    /// Saves the training-history figures now: <c>history</c> (the losses, best epoch marked) and, when there are other
    /// metrics, <c>history_metrics</c> (see <see cref="TrainingHistoryDisplay"/>); returns the paths written.
    /// </summary>
    /// <param name="series">Metric name to one value per epoch (e.g. "loss", "val_loss", "accuracy").</param>
    /// <param name="bestEpoch">The best epoch, 1-based, or null for none.</param>
    public IReadOnlyList<string> AddHistory(IReadOnlyDictionary<string, IReadOnlyList<double>> series, int? bestEpoch = null)
    {
        var display = TrainingHistoryDisplay.From(series, bestEpoch);
        var written = new List<string>(AddFigure("history", display.Plot(), "Training history: loss per epoch" + (bestEpoch is int b ? $" (best epoch {b})" : "")));
        if (display.HasMetrics) written.AddRange(AddFigure("history_metrics", display.MetricsPlot(), "Training history: metrics per epoch"));
        return written;
    }

    /// <summary>Adds a markdown section to report.md, written after the figures in the order added.</summary>
    /// <param name="title">Section heading.</param>
    /// <param name="markdown">Section body (markdown).</param>
    public void AddSection(string title, string markdown)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(markdown);
        _sections.Add((title, markdown));
    }

    /// <summary>Writes metrics.json and report.md (metrics table, figures, then the added sections); returns the report path.</summary>
    public string Write()
    {
        AtomicFile.Write(Path.Combine(Directory, "metrics.json"), Metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), "metrics JSON", createDirectory: false);
        var md = new StringBuilder();
        md.Append("# ").Append(_options.Title).Append("\n\n");
        var scalars = Metrics.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList();
        if (scalars.Count > 0)
        {
            md.Append("| metric | value |\n|---|---|\n");
            foreach (var (key, value) in scalars)
            {
                // Whole numbers (counts, epochs) print in full; others with six significant digits.
                double number = double.Parse(value!.ToJsonString(), CultureInfo.InvariantCulture);
                string text = number == Math.Floor(number) && Math.Abs(number) < 1e15
                    ? number.ToString("0", CultureInfo.InvariantCulture) : number.ToString("G6", CultureInfo.InvariantCulture);
                md.Append(CultureInfo.InvariantCulture, $"| {key} | {text} |\n");
            }

            md.Append('\n');
        }

        md.Append("All metrics: [metrics.json](metrics.json).\n");
        foreach (var (name, caption) in _figures)
        {
            md.Append("\n## ").Append(caption).Append("\n\n");
            string image = _options.Png ? name + ".png" : name + ".svg";
            md.Append(CultureInfo.InvariantCulture, $"![{caption}]({image})\n");
            if (_options.Png && _options.Svg)
            {
                md.Append(CultureInfo.InvariantCulture, $"\nVector version: [{name}.svg]({name}.svg)\n");
            }
        }

        foreach (var (title, markdown) in _sections)
        {
            md.Append("\n## ").Append(title).Append("\n\n").Append(markdown.TrimEnd()).Append('\n');
        }

        string path = Path.Combine(Directory, "report.md");
        AtomicFile.Write(path, md.ToString(), "report", createDirectory: false);
        return path;
    }

    private List<string> Save(string name, string caption, Action<string> png, Action<string> svg)
    {
        if (string.IsNullOrEmpty(name) || !SafeName().IsMatch(name))
        {
            throw new ArgumentException($"Expected a file stem of letters, digits, '_' or '-', got '{name}'.", nameof(name));
        }

        if (_figures.Any(f => f.Name == name))
        {
            throw new ArgumentException($"A figure named '{name}' was already added.", nameof(name));
        }

        var written = new List<string>();
        if (_options.Png)
        {
            string path = Path.Combine(Directory, name + ".png");
            png(path);
            written.Add(path);
        }

        if (_options.Svg)
        {
            string path = Path.Combine(Directory, name + ".svg");
            svg(path);
            written.Add(path);
        }

        _figures.Add((name, string.IsNullOrWhiteSpace(caption) ? name : caption));
        return written;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SafeName();
}
