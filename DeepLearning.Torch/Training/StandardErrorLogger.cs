using Microsoft.Extensions.Logging;

namespace DeepLearning.Torch.Training;

/// <summary>
/// The logger the library uses when the caller gives none: writes each message at or above <see cref="MinimumLevel"/>
/// as one line, <c>warning: text</c>, to standard error (or another writer), so that warnings are never dropped.
/// </summary>
public sealed class StandardErrorLogger : ILogger
{
    private readonly TextWriter? _writer;

    /// <summary>Creates the logger.</summary>
    /// <param name="minimumLevel">Lowest level written. <value>Default <see cref="LogLevel.Warning"/>.</value></param>
    /// <param name="writer">Destination. <value>Default <c>null</c>: <see cref="Console.Error"/> at the time of each message.</value></param>
    public StandardErrorLogger(LogLevel minimumLevel = LogLevel.Warning, TextWriter? writer = null)
    {
        MinimumLevel = minimumLevel;
        _writer = writer;
    }

    /// <summary>Lowest level written.</summary>
    public LogLevel MinimumLevel { get; }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= MinimumLevel;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel)) return;
        string text = formatter(state, exception);
        if (exception is not null) text += $" ({exception.GetType().Name}: {exception.Message})";
        var writer = _writer ?? Console.Error;
        writer.WriteLine($"{Prefix(logLevel)}: {text}");
        writer.Flush();
    }

    private static string Prefix(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "critical",
    };
}
