using DeepLearning.Torch.Training;
using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;
using ScottPlot;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// Training curves against epoch: every loss series (keys ending in "loss", e.g. <c>loss</c> and
/// <c>val_loss</c>) in <see cref="Plot"/>, other metrics in <see cref="MetricsPlot"/>. A validation series
/// (<c>val_</c> prefix, the Keras convention) shares its training series' colour, dashed; the best epoch is
/// marked by a vertical line. Epochs are numbered from 1 on the x axis.
/// </summary>
public sealed class TrainingHistoryDisplay
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<double>> _history;
    private readonly int? _bestEpoch;

    private TrainingHistoryDisplay(IReadOnlyDictionary<string, IReadOnlyList<double>> history, int? bestEpoch)
    {
        _history = history;
        _bestEpoch = bestEpoch;
    }

    /// <summary>Whether there are series other than losses (then <see cref="MetricsPlot"/> has something to draw).</summary>
    public bool HasMetrics => _history.Keys.Any(k => !IsLoss(k));

    /// <summary>Creates the display.</summary>
    /// <param name="history">Metric name to one value per epoch (e.g. "loss", "val_loss", "accuracy").</param>
    /// <param name="bestEpoch">The best epoch, 1-based as in <c>History</c> and the x axis (list index + 1), or null for none.</param>
    /// <exception cref="ArgumentException">The history is empty, a series is empty, or the best epoch is out of range.</exception>
    public static TrainingHistoryDisplay From(IReadOnlyDictionary<string, IReadOnlyList<double>> history, int? bestEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            throw new ArgumentException("Expected at least one metric series, got none.", nameof(history));
        }

        foreach (var (name, values) in history)
        {
            if (values is null || values.Count == 0)
            {
                throw new ArgumentException($"Expected one value per epoch for '{name}', got none.", nameof(history));
            }
        }

        int epochs = history.Values.Max(v => v.Count);
        if (bestEpoch is { } b && (b < 1 || b > epochs))
        {
            throw new ArgumentOutOfRangeException(nameof(bestEpoch), bestEpoch, $"Expected a 1-based epoch between 1 and {epochs}.");
        }

        return new TrainingHistoryDisplay(history, bestEpoch);
    }

    /// <summary>
    /// Creates the display straight from what <see cref="Trainer.Fit"/> returns: every recorded loss and metric (training
    /// and <c>val_</c> series; the count of skipped batches is left out), with the best epoch of
    /// <paramref name="monitor"/> marked when <paramref name="markBestEpoch"/> is set.
    /// </summary>
    /// <param name="history">The training history (at least one epoch).</param>
    /// <param name="markBestEpoch">Mark the best epoch with a vertical line (default true).</param>
    /// <param name="monitor">Key whose best value marks the epoch; null (the default) picks <c>val_loss</c> when it was
    /// recorded, else <c>loss</c>.</param>
    /// <param name="mode">Whether the monitored key improves downwards or upwards; Auto (the default) as
    /// <see cref="Training.Callbacks.EarlyStopping"/>: upwards for keys containing "acc" or "auc".</param>
    /// <exception cref="ArgumentException">The history has no epochs, or <paramref name="monitor"/> was not recorded.</exception>
    public static TrainingHistoryDisplay From(History history, bool markBestEpoch = true, string? monitor = null, MonitorMode mode = MonitorMode.Auto)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epochs.Count == 0)
        {
            throw new ArgumentException("Expected a history with at least one epoch, got none.", nameof(history));
        }

        var keys = history.Keys.Where(k => k != MetricKeys.SkippedBatches).ToList();
        var series = keys.ToDictionary(k => k, k => (IReadOnlyList<double>)history[k]);
        int? best = null;
        if (markBestEpoch)
        {
            string key = monitor ?? (keys.Contains(MetricKeys.ValidationLoss) ? MetricKeys.ValidationLoss : MetricKeys.Loss);
            if (!series.TryGetValue(key, out var values))
            {
                throw new ArgumentException($"The history has no values for '{key}'; recorded keys: {string.Join(", ", keys)}.", nameof(monitor));
            }

            var tracker = new Training.Callbacks.Monitor(key, mode, minDelta: 0, relative: false);
            double bestValue = tracker.Initial(null);
            for (int e = 0; e < values.Count; e++)
            {
                if (tracker.IsImprovement(values[e], bestValue))
                {
                    (bestValue, best) = (values[e], e + 1);
                }
            }
        }

        return From(series, best);
    }

    /// <summary>Draws the loss series into a new plot.</summary>
    public Plot Plot() => Draw(IsLoss, "Loss");

    /// <summary>Draws the non-loss metrics into a new plot.</summary>
    public Plot MetricsPlot() => Draw(k => !IsLoss(k), "Metric");

    private static bool IsLoss(string key) => key.EndsWith("loss", StringComparison.OrdinalIgnoreCase);

    private static string BaseName(string key) => key.StartsWith("val_", StringComparison.Ordinal) ? key[4..] : key;

    private Plot Draw(Func<string, bool> select, string yLabel)
    {
        var plot = HouseStyle.CreatePlot("Epoch", yLabel);
        var keys = _history.Keys.Where(select).ToList();
        var bases = keys.Select(BaseName).Distinct().ToList();
        foreach (string key in keys)
        {
            var values = _history[key];
            var x = Enumerable.Range(1, values.Count).Select(e => (double)e).ToArray();
            int index = bases.IndexOf(BaseName(key));
            bool validation = key.StartsWith("val_", StringComparison.Ordinal);
            var line = plot.Add.Scatter(x, values.ToArray(), HouseStyle.SeriesColor(index));
            line.LineWidth = HouseStyle.LineWidth;
            line.LinePattern = validation ? LinePattern.Dashed : LinePattern.Solid;
            line.MarkerSize = values.Count <= 50 ? 6 : 0;
            line.MarkerShape = validation ? MarkerShape.OpenCircle : MarkerShape.FilledCircle;
            line.LegendText = key;
        }

        if (_bestEpoch is { } best)
        {
            var marker = plot.Add.VerticalLine(best, 1.5f, Colors.Gray, LinePattern.Dotted);
            marker.LegendText = $"Best epoch ({best})";
        }

        var ticks = (ScottPlot.TickGenerators.NumericAutomatic)plot.Axes.Bottom.TickGenerator;
        ticks.IntegerTicksOnly = true;
        HouseStyle.ShowLegend(plot, yLabel == "Loss" ? Alignment.UpperRight : Alignment.LowerRight);
        return plot;
    }
}
