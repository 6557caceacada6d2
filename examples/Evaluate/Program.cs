// Evaluates classifier scores from a CSV file and writes metrics.json, figures (PNG + SVG) and report.md.
//   dotnet run --project examples/Evaluate -- --scores FILE.csv --out DIR [--threshold 0.5] [--bootstrap 100] [--seed 0] [--no-svg]
// CSV (header required): binary "score,label[,weight][,split]"; multi-class one probability column per class
// ("p0..pK-1" or class names), then "label" (index or class name), optional "weight" and "split" (train/test).
using System.Globalization;
using DeepLearning.Torch.Plotting;

string? scores = null, output = null, historyCsv = null;
double threshold = 0.5;
int bootstrap = 100, seed = 0;
bool svg = true;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--scores": scores = Next(); break;
        case "--out": output = Next(); break;
        case "--threshold": threshold = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--bootstrap": bootstrap = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--no-svg": svg = false; break;
        case "--history": historyCsv = Next(); break;
        case "-h" or "--help": Usage(); return 0;
        default: Console.Error.WriteLine($"Unknown option '{args[i]}'."); Usage(); return 2;
    }
}

if (scores is null || output is null)
{
    Usage();
    return 2;
}

try
{
    var metrics = ScoreReport.WriteFromCsv(scores, output, new ScoreReportOptions
    {
        Threshold = threshold, BootstrapReplicates = bootstrap, Seed = seed,
        Report = new ReportWriterOptions { Svg = svg, Title = $"Evaluation of {Path.GetFileName(scores)}" },
    });
    foreach (string key in new[] { "n_samples", "auc", "auc_ovr_macro", "auc_ovr_weighted", "accuracy", "f1" })
    {
        if (metrics[key] is { } v)
        {
            Console.WriteLine($"{key,-18} {v.ToJsonString()}");
        }
    }

    if (metrics["rejection"] is { } rejection)
    {
        Console.WriteLine($"{"rejection",-18} {rejection.ToJsonString()}");
    }

    if (metrics["report_text"] is { } text)
    {
        Console.WriteLine();
        Console.Write(text.GetValue<string>());
    }

    if (historyCsv is not null)
    {
        WriteHistory(historyCsv, output, svg);
    }

    Console.WriteLine($"\nWrote metrics.json, figures and report.md to {Path.GetFullPath(output)}");
    return 0;
}
catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static void Usage() => Console.WriteLine(
    "usage: Evaluate --scores FILE.csv --out DIR [--threshold 0.5] [--bootstrap 100] [--seed 0] [--no-svg] [--history HISTORY.csv]");

// Training history: a CSV with one column per metric (loss, val_loss, accuracy, ...) and one row per epoch;
// the best epoch is the one with the lowest val_loss (or loss).
static void WriteHistory(string path, string output, bool svg)
{
    var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
    var names = lines[0].Split(',').Select(n => n.Trim()).ToArray();
    var history = names.ToDictionary(n => n, n => (IReadOnlyList<double>)new List<double>());
    foreach (var line in lines.Skip(1))
    {
        var cells = line.Split(',');
        for (int c = 0; c < names.Length; c++)
        {
            ((List<double>)history[names[c]]).Add(double.Parse(cells[c], CultureInfo.InvariantCulture));
        }
    }

    string monitor = history.ContainsKey("val_loss") ? "val_loss" : "loss";
    var values = history[monitor];
    int best = values.Select((v, i) => (v, i)).MinBy(t => t.v).i + 1;   // 1-based, as History numbers epochs
    var display = TrainingHistoryDisplay.From(history, best);
    display.Plot().SavePng(Path.Combine(output, "history.png"), HouseStyle.Width, HouseStyle.Height);
    if (svg)
    {
        display.Plot().SaveSvg(Path.Combine(output, "history.svg"), HouseStyle.Width, HouseStyle.Height);
    }

    if (display.HasMetrics)
    {
        display.MetricsPlot().SavePng(Path.Combine(output, "history_metrics.png"), HouseStyle.Width, HouseStyle.Height);
    }
}
