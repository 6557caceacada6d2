using System.Globalization;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Training progress as text: with <see cref="Verbosity.ProgressBar"/> a live bar (batches, time left, running loss
/// and metrics) redrawn in place at most every 100 ms, and one line per finished epoch; with
/// <see cref="Verbosity.EpochLines"/> only the epoch lines. <see cref="Trainer.Fit"/> uses one by default
/// (<see cref="TrainerOptions.Verbose"/>); set <see cref="TrainerOptions.Progress"/> to one to write elsewhere.
/// </summary>
/// <example>
/// <code>
/// var log = new StringWriter();
/// options.Progress = new ConsoleProgress(Verbosity.EpochLines, log);   // "epoch 1/10  loss 0.6931  val_loss 0.6899  (0.4 s)"
/// </code>
/// </example>
public sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    private const int BarWidth = 28;
    private const int DefaultLineWidth = 100;
    /// <summary>The bar is redrawn at most this often (the trainer computes running values no more often for it).</summary>
    internal static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _writer;
    private readonly bool _console;
    private DateTime _lastDraw = DateTime.MinValue;
    private bool _barShown;

    /// <summary>Creates the reporter.</summary>
    /// <param name="verbosity">What to write; <see cref="Verbosity.Auto"/> picks the bar for an interactive console and
    /// epoch lines otherwise (always epoch lines for a given <paramref name="writer"/>). <value>Default <see cref="Verbosity.Auto"/>.</value></param>
    /// <param name="writer">Destination. <value>Default <c>null</c>: <see cref="Console.Out"/>.</value></param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="verbosity"/> is not a <see cref="Training.Verbosity"/> value.</exception>
    public ConsoleProgress(Verbosity verbosity = Verbosity.Auto, TextWriter? writer = null)
    {
        if (!Enum.IsDefined(verbosity))
            throw new ArgumentOutOfRangeException(nameof(verbosity), verbosity, $"verbosity must be a Verbosity value; got {verbosity}.");
        _console = writer is null;
        _writer = writer ?? Console.Out;
        Verbosity = verbosity == Verbosity.Auto ? (_console && IsInteractiveConsole() ? Verbosity.ProgressBar : Verbosity.EpochLines) : verbosity;
    }

    /// <summary>What this reporter writes: <see cref="Verbosity.Silent"/>, <see cref="Verbosity.EpochLines"/> or <see cref="Verbosity.ProgressBar"/> (never Auto).</summary>
    public Verbosity Verbosity { get; }

    /// <summary>Whether standard output is a console a bar can be redrawn on (not redirected to a file or pipe).</summary>
    public static bool IsInteractiveConsole() => !Console.IsOutputRedirected;

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Verbosity == Verbosity.Silent) return;
        if (value.IsEpochEnd)
        {
            if (_barShown) _writer.Write("\r" + new string(' ', LineWidth()) + "\r");
            _barShown = false;
            _writer.WriteLine(FormattableString.Invariant(
                $"epoch {value.Epoch}/{value.Epochs}  {Format(value.Logs)}  ({value.Elapsed.TotalSeconds:F1} s)"));
            _writer.Flush();
            return;
        }
        if (Verbosity != Verbosity.ProgressBar) return;
        var now = DateTime.UtcNow;
        if (now - _lastDraw < RedrawInterval && value.Batch != value.BatchCount) return;
        _lastDraw = now;
        int filled = value.BatchCount == 0 ? 0 : BarWidth * value.Batch / value.BatchCount;
        string bar = new string('#', filled) + new string('.', BarWidth - filled);
        string line = $"epoch {value.Epoch}/{value.Epochs} [{bar}] {value.Batch}/{value.BatchCount} ETA {value.EstimatedRemaining:mm\\:ss}  {Format(value.Logs)}";
        int width = LineWidth();
        _writer.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
        _writer.Flush();
        _barShown = true;
    }

    /// <summary>The values as <c>key value</c> pairs with four significant digits, invariant culture.</summary>
    private static string Format(IReadOnlyDictionary<string, double> logs) =>
        string.Join("  ", logs.Select(kv => $"{kv.Key} {kv.Value.ToString("G4", CultureInfo.InvariantCulture)}"));

    /// <summary>The console's width less one (so the cursor never wraps), or 100 for another writer or no terminal.</summary>
    private int LineWidth()
    {
        if (!_console) return DefaultLineWidth;
        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth - 1 : DefaultLineWidth;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return DefaultLineWidth;
        }
    }
}
