using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training.Core;

/// <summary>
/// The state of a running <c>Trainer.Fit</c> as callbacks see it. Epochs are 1-based; batches 0-based.
/// </summary>
public sealed class TrainingContext
{
    private readonly Action<string> _saveCheckpoint;
    private readonly Func<Tensor, double> _readLoss;
    private Tensor? _batchLoss;
    private double? _batchLossValue;

    internal TrainingContext(nn.Module<Tensor, Tensor> model, IReadOnlyList<optim.Optimizer> optimizers, int epochs,
        DeviceChoice device, History history, ILogger logger, Action<string> saveCheckpoint, Func<Tensor, double> readLoss)
    {
        Model = model;
        Optimizers = optimizers;
        Epochs = epochs;
        _readLoss = readLoss;
        Device = device;
        History = history;
        Logger = logger;
        _saveCheckpoint = saveCheckpoint;
    }

    /// <summary>The model being trained (on <see cref="Device"/>).</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The optimizer: the first of <see cref="Optimizers"/>.</summary>
    public optim.Optimizer Optimizer => Optimizers[0];

    /// <summary>Every optimizer of the run, as <c>TrainingStep.CreateOptimizers</c> made them (one for the built-in step).</summary>
    public IReadOnlyList<optim.Optimizer> Optimizers { get; }

    /// <summary>The device and why it was chosen.</summary>
    public DeviceChoice Device { get; }

    /// <summary>The history so far.</summary>
    public History History { get; }

    /// <summary>Logger of the run (never null): <c>TrainerOptions.Logger</c>, or a <c>StandardErrorLogger</c>.</summary>
    public ILogger Logger { get; }

    /// <summary>Current epoch, 1-based.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Total epochs requested.</summary>
    public int Epochs { get; }

    /// <summary>Current batch within the epoch, 0-based.</summary>
    public int BatchIndex { get; internal set; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount { get; internal set; }

    /// <summary>Batches completed since training began (across resumes).</summary>
    public long GlobalStep { get; internal set; }

    /// <summary>
    /// Loss of the last batch (valid in <c>Callback.OnBatchEnd</c>; NaN when the step logs none). Read from
    /// the device when first asked for, so that a run whose callbacks never ask does not wait for the device each batch.
    /// </summary>
    public double BatchLoss => _batchLossValue ??= _batchLoss is null ? double.NaN : _readLoss(_batchLoss);

    /// <summary>Values of the epoch just finished, validation included (valid in <c>Callback.OnEpochEnd</c>).</summary>
    public IReadOnlyDictionary<string, double> Logs { get; internal set; } = new Dictionary<string, double>();

    /// <summary>Learning rate of the first parameter group of the first optimizer.</summary>
    public double LearningRate => Optimizer.ParamGroups.First().LearningRate;

    /// <summary>Whether a stop was requested.</summary>
    public bool StopRequested => StopReason != StopReason.None;

    /// <summary>Reason of the first stop request, or <see cref="StopReason.None"/>.</summary>
    public StopReason StopReason { get; private set; }

    /// <summary>Message of the first stop request.</summary>
    public string? StopMessage { get; private set; }

    /// <summary>
    /// Asks the trainer to stop: after this batch for <see cref="StopReason.NonFiniteLoss"/> and
    /// <see cref="StopReason.NonFiniteGradient"/>, otherwise after the current epoch. The first request wins.
    /// </summary>
    /// <param name="reason">Why.</param>
    /// <param name="message">A sentence for the history and log.</param>
    public void RequestStop(StopReason reason, string message)
    {
        if (StopRequested || reason == StopReason.None) return;
        StopReason = reason;
        StopMessage = message;
        // A non-finite loss or gradient is a failure the user must see; the other reasons are ordinary ends.
        var level = reason is StopReason.NonFiniteLoss or StopReason.NonFiniteGradient ? LogLevel.Warning : LogLevel.Information;
        Logger.Log(level, "Training stops: {Reason}: {Message}", reason, message);
    }

    /// <summary>
    /// Writes a full checkpoint of the run as it is now (atomically) to <paramref name="path"/>. Call it from
    /// <c>Callback.OnEpochEnd</c>: resuming continues with the next epoch, so a checkpoint written
    /// mid-epoch would not resume exactly.
    /// </summary>
    /// <param name="path">Destination file; the directory is created if needed.</param>
    public void SaveCheckpoint(string path) => _saveCheckpoint(path);

    /// <summary>Sets the last batch's loss (a detached scalar the context now owns, or null), disposing the previous one.</summary>
    internal void SetBatchLoss(Tensor? loss)
    {
        _batchLoss?.Dispose();
        _batchLoss = loss;
        _batchLossValue = null;
    }
}
