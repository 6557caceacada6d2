// Evaluates classifier scores from a CSV file and writes metrics.json, figures (PNG + SVG) and report.md.
//   dotnet run --project examples/Evaluate -- --scores FILE.csv --out DIR [--threshold 0.5] [--bootstrap 100] [--seed 0] [--no-svg] [--history HISTORY.csv]
// Or scores a test set with a deployed model first (written to DIR/scores.csv, then evaluated the same way):
//   ... -- --onnx MODEL.onnx --inputs TEST.csv --out DIR [--logits]                                  (ONNX Runtime, CPU)
//   ... -- --torchscript MODEL.pt --inputs TEST.csv --out DIR [--input-shape C,H,W] [--logits]       (libtorch)
// TEST.csv: a header, a "label" column, an optional "weight" column, and the features (every other column, in order).
// CSV (header required): binary "score,label[,weight][,split]"; multi-class one probability column per class
// ("p0..pK-1" or class names), then "label" (index or class name), optional "weight" and "split" (train/test).
using System.Globalization;
using DeepLearning.Torch.Evaluation;
using DeepLearning.Torch.Examples.Evaluate;
using DeepLearning.Torch.Plotting;
using Microsoft.ML.OnnxRuntime;

const string Usage = "usage: Evaluate (--scores FILE.csv | --onnx MODEL.onnx --inputs TEST.csv | --torchscript MODEL.pt --inputs TEST.csv [--input-shape C,H,W]) " +
    "--out DIR [--logits] [--threshold 0.5] [--bootstrap 100] [--seed 0] [--no-svg] [--history HISTORY.csv]";
string[] flags = ["--no-svg", "--logits"];
var options = new Dictionary<string, string?>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "-h" or "--help") { Console.WriteLine(Usage); return 0; }
    if (args[i] is not ("--scores" or "--onnx" or "--torchscript" or "--inputs" or "--input-shape" or "--out" or "--threshold" or "--bootstrap"
        or "--seed" or "--history" or "--no-svg" or "--logits"))
    {
        Console.Error.WriteLine($"Unknown option '{args[i]}'.\n{Usage}");
        return 2;
    }
    options[args[i]] = flags.Contains(args[i]) ? null : i + 1 < args.Length ? args[++i] : null;
}
string[] sources = ["--scores", "--onnx", "--torchscript"];
if (sources.Count(options.ContainsKey) != 1 || options.GetValueOrDefault("--out") is not { } output
    || (options.ContainsKey("--scores") == options.ContainsKey("--inputs")))
{
    Console.Error.WriteLine($"Give one of --scores, --onnx and --torchscript, --inputs with a model, and --out.\n{Usage}");
    return 2;
}

try
{
    double Number(string option, double fallback) => !options.TryGetValue(option, out var v) ? fallback
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : throw new ArgumentException($"{option} expects a number, got '{v}'.");
    string scores = options.GetValueOrDefault("--scores") ?? Path.Combine(output, "scores.csv");
    string source = options.GetValueOrDefault("--onnx") ?? options.GetValueOrDefault("--torchscript") ?? scores;
    if (!options.ContainsKey("--scores"))
    {
        var test = ModelScoring.ReadInputs(options["--inputs"]!);
        long[]? shape = options.GetValueOrDefault("--input-shape") is { } shapeText
            ? shapeText.Split(',').Select(d => long.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v > 0 ? v
                : throw new ArgumentException($"--input-shape expects positive sizes such as 3,32,32, got '{shapeText}'.")).ToArray()
            : null;
        float[][] outputs = options.ContainsKey("--onnx") ? ModelScoring.ScoreOnnx(source, test) : ModelScoring.ScoreTorchScript(source, test, shape);
        Directory.CreateDirectory(output);
        ModelScoring.WriteScores(scores, outputs, test, logits: options.ContainsKey("--logits"));
        Console.WriteLine($"Scored {outputs.Length} samples of {test.Path} with {source}; scores in {scores}");
    }
    var writer = new ReportWriter(output, new ReportWriterOptions { Svg = !options.ContainsKey("--no-svg"), Title = $"Evaluation of {Path.GetFileName(source)}" });
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
catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException or OnnxRuntimeException
    or DeepLearning.Torch.Runtime.TorchNotAvailableException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
