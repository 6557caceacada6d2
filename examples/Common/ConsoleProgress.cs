using System.Globalization;
using DeepLearning.Torch.Training;
using Spectre.Console;

namespace DeepLearning.Examples;

/// <summary>
/// Shows training progress on the console: a live bar with ETA, loss and metrics while an epoch runs, and one line per
/// finished epoch. When output is redirected (CI, log files) or <c>quiet</c> is set, only the epoch lines are written.
/// </summary>
public sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    private readonly bool live;
    private DateTime lastDraw = DateTime.MinValue;

    /// <summary>Creates the reporter.</summary>
    /// <param name="quiet">Only epoch lines, no live bar.</param>
    public ConsoleProgress(bool quiet = false)
    {
        live = !quiet && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    }

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        if (value.IsEpochEnd)
        {
            if (live) Console.Write("\r" + new string(' ', Math.Max(0, Console.WindowWidth - 1)) + "\r");
            Console.WriteLine($"epoch {value.Epoch}/{value.Epochs}  {Format(value.Logs)}  ({value.Elapsed.TotalSeconds:F1} s)");
            return;
        }
        if (!live || (DateTime.UtcNow - lastDraw).TotalMilliseconds < 100 && value.Batch != value.BatchCount) return;
        lastDraw = DateTime.UtcNow;
        const int Width = 28;
        int filled = value.BatchCount == 0 ? 0 : Width * value.Batch / value.BatchCount;
        string bar = new string('#', filled) + new string('.', Width - filled);
        string line = $"epoch {value.Epoch}/{value.Epochs} [{bar}] {value.Batch}/{value.BatchCount} ETA {value.EstimatedRemaining:mm\\:ss}  {Format(value.Logs)}";
        int width = Math.Max(20, Console.WindowWidth - 1);
        Console.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
    }

    private static string Format(IReadOnlyDictionary<string, double> logs) =>
        string.Join("  ", logs.Select(kv => $"{kv.Key} {kv.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
}
