using System.CommandLine;
using DeepLearning.Torch;
using DeepLearning.Torch.Interop;
using DeepLearning.Torch.Layers;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Plotting;
using DeepLearning.Torch.Runtime;
using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Checkpoints;
using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Examples;

/// <summary>Builds the command line shared by the examples (System.CommandLine).</summary>
public static class ExampleCommand
{
    /// <summary>
    /// Parses <paramref name="args"/> with the common options and runs <paramref name="run"/>; returns the exit code.
    /// An error the user can fix (a bad option value, missing or malformed data, an unusable device or checkpoint)
    /// is printed as one message on stderr, without a stack trace, and exits with code 1.
    /// </summary>
    /// <param name="name">Example name, used for the default output folder <c>runs/&lt;name&gt;-&lt;timestamp&gt;</c>.</param>
    /// <param name="description">One line for --help.</param>
    /// <param name="models">Accepted --model values; the first is the default.</param>
    /// <param name="args">The process arguments.</param>
    /// <param name="run">The example body.</param>
    public static int Run(string name, string description, string[] models,
        string[] args, Func<ExampleArguments, int> run)
    {
        var data = new Option<string?>("--data") { Description = "Data root (default: $DEEPLEARNING_DATA, data/, ../shared/data)" };
        var output = new Option<string?>("--out") { Description = $"Output folder (default runs/{name}-<timestamp>)" };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default: per model)" };
        var batch = new Option<int?>("--batch-size") { Description = "Mini-batch size (default: per model)" };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var seed = new Option<long>("--seed") { Description = "Seed of everything random", DefaultValueFactory = _ => 42 };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N training samples (smoke runs)" };
        var summary = new Option<bool>("--summary") { Description = "Print the model summary and exit" };
        var resume = new Option<string?>("--resume") { Description = "Checkpoint to continue training from" };
        var model = new Option<string>("--model") { Description = $"Model: {string.Join(", ", models)}", DefaultValueFactory = _ => models[0] };
        model.AcceptOnlyFromAmong(models);
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar, epoch lines only" };
        var exportOnnx = new Option<string?>("--export-onnx") { Description = $"Write the best model as ONNX (opset {OnnxExporter.Opset}) to this file after training" };

        var root = new RootCommand(description) { data, output, epochs, batch, device, seed, limit, summary, resume, model, quiet, exportOnnx };
        root.SetAction(result =>
        {
            string selected = result.GetValue(model)!;
            var arguments = new ExampleArguments(
                result.GetValue(data),
                result.GetValue(output) ?? Path.Combine("runs", $"{name}-{selected}-{DateTime.Now:yyyyMMdd-HHmmss}"),
                result.GetValue(epochs),
                result.GetValue(batch),
                result.GetValue(device) switch { "cpu" => DeviceSelection.Cpu, "cuda" => DeviceSelection.Cuda, _ => DeviceSelection.Auto },
                result.GetValue(seed),
                result.GetValue(limit),
                result.GetValue(summary),
                result.GetValue(resume),
                selected,
                result.GetValue(quiet),
                result.GetValue(exportOnnx));
            if (arguments.BatchSize is < 1) { Console.Error.WriteLine("--batch-size must be at least 1"); return 2; }
            if (arguments.Limit is < 1) { Console.Error.WriteLine("--limit must be at least 1"); return 2; }
            if (arguments.Epochs is < 1) { Console.Error.WriteLine("--epochs must be at least 1"); return 2; }
            try
            {
                return run(arguments);
            }
            catch (Exception e) when (IsUserError(e))
            {
                Console.Out.Flush();
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return root.Parse(args).Invoke();
    }

    /// <summary>
    /// <c>compare DIR</c>: writes DIR/comparison.md over every run trained into DIR's sub-folders
    /// (<see cref="RunComparison.Write"/>) and prints its path; returns 0, or 1 with one error line.
    /// </summary>
    /// <param name="directory">The folder holding one sub-folder per run (the runs' <c>--out</c>).</param>
    public static int Compare(string directory)
    {
        try
        {
            Console.WriteLine($"Comparison: {RunComparison.Write(directory)}");
            return 0;
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Prints the model summary (for <c>--summary</c>); returns exit code 0.</summary>
    public static int PrintSummary(Model model)
    {
        Console.WriteLine(model.Summary());
        return 0;
    }

    /// <summary>
    /// For <c>--export-onnx FILE</c>, before training: encodes <paramref name="model"/> once, so that a layer without an
    /// ONNX form is refused by name (exit code 1) before any time is spent training; does nothing without the option.
    /// </summary>
    public static void CheckOnnxExport(Model model, ExampleArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.ExportOnnx is not null) _ = OnnxExporter.Encode(model);
    }

    /// <summary>
    /// For <c>--export-onnx FILE</c>: writes <paramref name="model"/> (call it once the best weights are in the model)
    /// to FILE with <see cref="OnnxExporter.ExportOnnx"/> and prints the path and the input and output names; does
    /// nothing without the option. A layer without an ONNX form is an error naming it (exit code 1).
    /// </summary>
    public static void ExportOnnx(Model model, ExampleArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.ExportOnnx is not { } path) return;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        model.ExportOnnx(path);
        Console.WriteLine($"ONNX: {path} (opset {OnnxExporter.Opset}, inputs {string.Join(", ", model.Description.Inputs)}, " +
            $"outputs {string.Join(", ", model.Description.Outputs)}, dynamic batch axis)");
    }

    /// <summary>Prints the device, how training ended, the main test metrics and the report path; returns exit code 0.</summary>
    public static int PrintResult(RunReport run, History history, string reportPath)
    {
        Console.WriteLine($"Device: {history.Device} ({history.DeviceReason}); {history.StopReason} after {history.Epochs.Count} epoch(s).");
        Console.WriteLine(run.Headline);
        Console.WriteLine($"Report: {reportPath}");
        return 0;
    }

    /// <summary>
    /// Errors the library raises for input the user controls: argument and state checks, file and data-format
    /// errors (IOException covers DataFormatException and missing files), checkpoints, model building and libtorch loading.
    /// </summary>
    private static bool IsUserError(Exception e) =>
        e is ArgumentException or IOException or InvalidDataException or CheckpointException or ModelBuildException or TorchNotAvailableException
        or NotSupportedException
        || (e is InvalidOperationException && e is not ObjectDisposedException);
}
