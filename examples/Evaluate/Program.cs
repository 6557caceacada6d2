// Evaluates classifier scores from a CSV file and writes metrics.json, figures (PNG + SVG) and report.md.
//   dotnet run --project examples/Evaluate -- --scores FILE.csv --out DIR [--threshold 0.5] [--bootstrap 100] [--seed 0] [--no-svg] [--history HISTORY.csv]
// CSV (header required): binary "score,label[,weight][,split]"; multi-class one probability column per class
// ("p0..pK-1" or class names), then "label" (index or class name), optional "weight" and "split" (train/test).
using System.Globalization;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Plotting;

const string Usage = "usage: Evaluate --scores FILE.csv --out DIR [--threshold 0.5] [--bootstrap 100] [--seed 0] [--no-svg] [--history HISTORY.csv]";
var options = new Dictionary<string, string?>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "-h" or "--help") { Console.WriteLine(Usage); return 0; }
    if (args[i] is not ("--scores" or "--out" or "--threshold" or "--bootstrap" or "--seed" or "--history" or "--no-svg"))
    {
        Console.Error.WriteLine($"Unknown option '{args[i]}'.\n{Usage}");
        return 2;
    }
    options[args[i]] = args[i] == "--no-svg" ? null : i + 1 < args.Length ? args[++i] : null;
}
if (options.GetValueOrDefault("--scores") is not { } scores || options.GetValueOrDefault("--out") is not { } output)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    double Number(string option, double fallback) => !options.TryGetValue(option, out var v) ? fallback
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : throw new ArgumentException($"{option} expects a number, got '{v}'.");
    var writer = new ReportWriter(output, new ReportWriterOptions { Svg = !options.ContainsKey("--no-svg"), Title = $"Evaluation of {Path.GetFileName(scores)}" });
    if (options.GetValueOrDefault("--history") is { } historyCsv)
    {
        var history = HistoryCsv.Read(historyCsv);
        writer.AddHistory(history, HistoryCsv.BestEpoch(history));
    }
    ScoreReport.AddTo(writer, ScoreTable.ReadCsv(scores), new ScoreReportOptions
    {
        Threshold = Number("--threshold", 0.5), BootstrapReplicates = (int)Number("--bootstrap", 100), Seed = (int)Number("--seed", 0),
    });
    writer.Write();
    foreach (string key in new[] { "n_samples", "auc", "auc_ovr_macro", "auc_ovr_weighted", "accuracy", "f1", "rejection" })
    {
        if (writer.Metrics[key] is { } v) Console.WriteLine($"{key,-18} {v.ToJsonString()}");
    }
    if (writer.Metrics["report_text"] is { } text) Console.Write("\n" + text.GetValue<string>());
    Console.WriteLine($"\nWrote metrics.json, figures and report.md to {writer.Directory}");
    return 0;
}
catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
