namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>Tracks the best value of a monitored log key (shared by EarlyStopping and ModelCheckpoint).</summary>
internal sealed class Monitor
{
    internal Monitor(string key, MonitorMode mode, double minDelta, bool relative)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!(minDelta >= 0) || double.IsInfinity(minDelta))
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "MinDelta must be finite and at least 0.");
        Key = key;
        Maximize = mode == MonitorMode.Max ||
                   (mode == MonitorMode.Auto && (key.Contains("acc", StringComparison.OrdinalIgnoreCase) || key.Contains("auc", StringComparison.OrdinalIgnoreCase)));
        MinDelta = minDelta;
        Relative = relative;
    }

    internal string Key { get; }
    internal bool Maximize { get; }
    internal double MinDelta { get; }
    internal bool Relative { get; }

    /// <summary>The value a fresh run starts from: the baseline, or the worst possible value.</summary>
    internal double Initial(double? baseline) => baseline ?? (Maximize ? double.NegativeInfinity : double.PositiveInfinity);

    /// <summary>Whether <paramref name="value"/> beats <paramref name="best"/> by more than the (absolute or relative) delta.</summary>
    internal bool IsImprovement(double value, double best)
    {
        if (double.IsNaN(value)) return false;
        if (double.IsInfinity(best)) return Maximize ? value > best : value < best;
        double delta = Relative ? MinDelta * Math.Abs(best) : MinDelta;
        return Maximize ? value > best + delta : value < best - delta;
    }
}
