using DeepLearning.Torch.Training.Callbacks;
using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Training.LearningRateSchedules;

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when <see cref="MonitorKey"/> has not improved by more than
/// <see cref="MinDelta"/> (absolute) for more than <see cref="Patience"/> epochs (PyTorch's counting and cooldown order),
/// then waits <see cref="Cooldown"/> epochs; never below <see cref="MinimumLearningRate"/>. Improvement and a missing key
/// follow the rule of <see cref="EarlyStopping"/> and <see cref="ModelCheckpoint"/> (one monitor: <see cref="Mode"/>,
/// the absolute <see cref="MinDelta"/>, an error naming the logged keys when the run does not log <see cref="MonitorKey"/>).
/// </summary>
public sealed class ReduceLROnPlateau : LearningRateSchedule
{
    private readonly Callbacks.Monitor _monitor;
    private double _best;
    private int _wait;
    private int _cooldownLeft;

    /// <summary>Creates the schedule.</summary>
    /// <param name="monitorKey">Log key to watch.</param>
    /// <param name="factor">Reduction factor, in (0, 1).</param>
    /// <param name="patience">Epochs without improvement tolerated; the rate drops on the next one. At least 0.</param>
    /// <param name="minDelta">Smallest change counted as improvement (absolute), at least 0.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before counting again.</param>
    /// <param name="minimumLearningRate">Lower bound of the rate.</param>
    /// <param name="mode">Whether lower or higher is better; <see cref="MonitorMode.Auto"/> (default) maximizes keys containing
    /// "acc" or "auc", as <see cref="EarlyStopping"/> does.</param>
    public ReduceLROnPlateau(string monitorKey = MetricKeys.ValidationLoss, double factor = 0.1, int patience = 10, double minDelta = 1e-4,
        int cooldown = 0, double minimumLearningRate = 0, MonitorMode mode = MonitorMode.Auto)
    {
        ArgumentException.ThrowIfNullOrEmpty(monitorKey);
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1).");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be at least 0.");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "cooldown must be at least 0.");
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be a MonitorMode value.");
        _monitor = new Callbacks.Monitor(monitorKey, mode, minDelta, relative: false);
        Factor = factor;
        Patience = patience;
        Cooldown = cooldown;
        MinimumLearningRate = minimumLearningRate;
        Mode = mode;
    }

    /// <summary>Log key watched.</summary>
    public string MonitorKey => _monitor.Key;

    /// <summary>Reduction factor.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; }

    /// <summary>Smallest absolute change counted as improvement.</summary>
    public double MinDelta => _monitor.MinDelta;

    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>Lower bound of the rate.</summary>
    public double MinimumLearningRate { get; }

    /// <summary>Whether lower or higher values are better.</summary>
    public MonitorMode Mode { get; }

    /// <inheritdoc />
    protected override void Reset() => (_best, _wait, _cooldownLeft) = (_monitor.Initial(null), 0, 0);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The run does not log <see cref="MonitorKey"/>; the message lists the keys it logs.</exception>
    public override double? AtEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, double currentLearningRate)
    {
        double value = Callbacks.Monitor.Read(nameof(ReduceLROnPlateau), MonitorKey, logs, epoch);
        if (_monitor.IsImprovement(value, _best))
        {
            _best = value;
            _wait = 0;
        }
        else
        {
            _wait++;
        }
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _wait = 0;
        }
        if (_wait <= Patience) return null;
        _wait = 0;
        _cooldownLeft = Cooldown;
        double reduced = Math.Max(currentLearningRate * Factor, MinimumLearningRate);
        return reduced < currentLearningRate ? reduced : null;
    }

    /// <inheritdoc />
    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(_best);
        writer.Write(_wait);
        writer.Write(_cooldownLeft);
    }

    /// <inheritdoc />
    public override void LoadState(BinaryReader reader) => (_best, _wait, _cooldownLeft) = (reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt32());
}
