using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// What <see cref="EarlyStopping"/> and <see cref="ModelCheckpoint"/> share (Keras' monitor options): the log key
/// watched (<see cref="MonitorKey"/>), the direction of improvement (<see cref="Mode"/>), the smallest change that counts
/// (<see cref="MinDelta"/>) and the best value so far (<see cref="Best"/>). A <see cref="MonitorKey"/> the run does not log
/// (a typo, or <c>val_loss</c> without validation data) raises <see cref="InvalidOperationException"/> naming the keys it
/// does log. <c>ReduceLROnPlateau</c> follows the same rule.
/// </summary>
public abstract class MonitoringCallback : Callback
{
    private Monitor? _monitor;
    private string _key = MetricKeys.ValidationLoss;
    private double _minDelta;

    private protected MonitoringCallback()
    {
    }

    /// <summary>Log key watched, e.g. <c>val_loss</c> or <c>val_accuracy</c>.</summary>
    /// <value>Default <c>val_loss</c>.</value>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public string MonitorKey { get => _key; init => _key = string.IsNullOrEmpty(value) ? throw new ArgumentException("MonitorKey must name a log key.", nameof(MonitorKey)) : value; }

    /// <summary>Direction of improvement; <see cref="MonitorMode.Auto"/> maximizes keys containing "acc" or "auc".</summary>
    /// <value>Default <see cref="MonitorMode.Auto"/>.</value>
    public MonitorMode Mode { get; init; }

    /// <summary>Smallest change of <see cref="MonitorKey"/> that counts as an improvement (absolute unless the callback says otherwise).</summary>
    /// <value>Default 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double MinDelta
    {
        get => _minDelta;
        init => _minDelta = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, "MinDelta must be finite and at least 0.");
    }

    /// <summary>Best monitored value so far (the baseline or ±infinity before any improvement).</summary>
    public double Best { get; private protected set; }

    /// <summary>Whether <see cref="StartMonitoring"/> ran (training has begun).</summary>
    private protected bool Monitoring => _monitor is not null;

    /// <summary>Starts a run: <see cref="Best"/> becomes <paramref name="baseline"/> or the worst possible value.</summary>
    /// <param name="baseline">A value the monitored quantity must beat, or null.</param>
    /// <param name="relative">Whether <see cref="MinDelta"/> is a fraction of |<see cref="Best"/>|.</param>
    private protected void StartMonitoring(double? baseline, bool relative)
    {
        _monitor = new Monitor(MonitorKey, Mode, MinDelta, relative);
        Best = _monitor.Initial(baseline);
    }

    /// <summary>The value of <see cref="MonitorKey"/> in the logs of the epoch just finished.</summary>
    /// <exception cref="InvalidOperationException">The logs lack the key; the message names this callback and the keys there are.</exception>
    private protected double ReadMonitored(TrainingContext context) => Monitor.Read(GetType().Name, MonitorKey, context.Logs, context.Epoch);

    /// <summary>Whether <paramref name="value"/> beats <see cref="Best"/> by more than the delta.</summary>
    private protected bool IsImprovement(double value) =>
        (_monitor ?? throw new InvalidOperationException($"{GetType().Name} has not started: OnTrainBegin was not called.")).IsImprovement(value, Best);
}
