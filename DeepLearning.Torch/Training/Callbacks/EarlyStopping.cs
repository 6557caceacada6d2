using System.Globalization;
using DeepLearning.Torch.Training.Core;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// Stops training when <see cref="MonitoringCallback.MonitorKey"/> has not improved for <see cref="Patience"/> epochs. With
/// <see cref="RestoreBestWeights"/>, the weights of the best epoch are restored on every exit path (patience exhausted,
/// last epoch reached, another callback stopping, NaN loss, cancellation). Records the stop reason and best epoch.
/// A monitored key the run does not log (a typo, or <c>val_loss</c> without validation data) raises
/// <see cref="InvalidOperationException"/> after the first epoch, listing the keys it does log (see <see cref="MonitoringCallback"/>).
/// </summary>
public sealed class EarlyStopping : MonitoringCallback, IDisposable
{
    private Dictionary<string, Tensor>? _bestWeights;
    private int _wait;
    private int _patience;
    private int _startEpoch = 1;

    /// <summary>Interpret <see cref="MonitoringCallback.MinDelta"/> relative to |best| (e.g. 0.01 = 1%).</summary>
    /// <value>Default false.</value>
    public bool RelativeMinDelta { get; init; }

    /// <summary>Epochs without improvement after which training stops (as in Keras, 0 and 1 both stop at the first epoch that does not improve).</summary>
    /// <value>Default 0.</value>
    public int Patience { get => _patience; init => _patience = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Patience), value, "Patience must be at least 0."); }

    /// <summary>First epoch (1-based) that is monitored; earlier epochs are ignored (warm-up).</summary>
    /// <value>Default 1.</value>
    public int StartEpoch { get => _startEpoch; init => _startEpoch = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(StartEpoch), value, "StartEpoch must be at least 1."); }

    /// <summary>A value the monitored quantity must beat to count as improvement, or <c>null</c>.</summary>
    /// <value>Default <c>null</c>.</value>
    public double? Baseline { get; init; }

    /// <summary>Restore the best epoch's weights when training ends, on every exit path.</summary>
    /// <value>Default false.</value>
    public bool RestoreBestWeights { get; init; }

    /// <summary>Epoch (1-based) of the best value, or 0 when no epoch improved.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Epoch at which this callback stopped training, or 0.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>Why the run ended (set when training ends).</summary>
    public StopReason StopReason { get; private set; }

    /// <summary>Whether the best weights were restored when training ended.</summary>
    public bool RestoredBestWeights { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        StartMonitoring(Baseline, RelativeMinDelta);
        (BestEpoch, StoppedEpoch, _wait, StopReason, RestoredBestWeights) = (0, 0, 0, StopReason.None, false);
        DisposeSnapshot();
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The run does not log <see cref="MonitoringCallback.MonitorKey"/> (checked from the first epoch, before
    /// <see cref="StartEpoch"/>); the message lists the keys it logs.</exception>
    public override void OnEpochEnd(TrainingContext context)
    {
        if (!Monitoring) return;
        // Read before the warm-up test, so that a key this run never logs fails at the first epoch.
        double value = ReadMonitored(context);
        if (context.Epoch < StartEpoch) return;
        if (IsImprovement(value))
        {
            Best = value;
            BestEpoch = context.Epoch;
            _wait = 0;
            if (RestoreBestWeights) Snapshot(context);
            return;
        }
        _wait++;
        if (_wait >= Math.Max(1, Patience))
        {
            StoppedEpoch = context.Epoch;
            context.RequestStop(StopReason.EarlyStopping,
                string.Create(CultureInfo.InvariantCulture, $"{MonitorKey} did not improve for {_wait} epoch(s); best {Best:G6} at epoch {BestEpoch}."));
        }
    }

    /// <inheritdoc />
    public override void OnTrainEnd(TrainingContext context)
    {
        StopReason = context.StopReason == StopReason.None ? StopReason.Completed : context.StopReason;
        if (!RestoreBestWeights || _bestWeights is null) return;
        var current = context.Model.state_dict();
        using (no_grad())
        {
            foreach (var (name, value) in current) value.copy_(_bestWeights[name]);
        }
        RestoredBestWeights = true;
        context.Logger.LogInformation("EarlyStopping restored the weights of epoch {Epoch} ({Key} = {Best}).", BestEpoch, MonitorKey, Best);
    }

    private void Snapshot(TrainingContext context)
    {
        DisposeSnapshot();
        using var scope = NewDisposeScope();
        _bestWeights = context.Model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
    }

    private void DisposeSnapshot()
    {
        if (_bestWeights is null) return;
        foreach (var t in _bestWeights.Values) t.Dispose();
        _bestWeights = null;
    }

    /// <inheritdoc />
    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(Best);
        writer.Write(BestEpoch);
        writer.Write(StoppedEpoch);
        writer.Write(_wait);
        writer.Write(_bestWeights?.Count ?? -1);
        foreach (var (name, value) in _bestWeights ?? [])
        {
            writer.Write(name);
            Checkpoints.TensorIO.Write(writer, value);
        }
    }

    /// <inheritdoc />
    public override void LoadState(BinaryReader reader)
    {
        (Best, BestEpoch, StoppedEpoch, _wait) = (reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        DisposeSnapshot();
        int count = reader.ReadInt32();
        if (count < 0) return;
        var weights = new Dictionary<string, Tensor>();
        for (int i = 0; i < count; i++) weights[reader.ReadString()] = Checkpoints.TensorIO.Read(reader);
        _bestWeights = weights;
    }

    /// <summary>Frees the best-weights snapshot.</summary>
    public void Dispose() => DisposeSnapshot();
}
