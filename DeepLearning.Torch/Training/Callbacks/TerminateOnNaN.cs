namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// Stops training right after a batch whose loss is NaN or infinite, with <see cref="StopReason.NonFiniteLoss"/>, and
/// records where. The interrupted epoch is not recorded and no epoch-end callback runs for it, so checkpoints written
/// earlier (the best one included) stay intact. Runs first (<see cref="Order"/> -100).
/// </summary>
public sealed class TerminateOnNaN : Callback
{
    /// <inheritdoc />
    public override int Order => -100;

    /// <summary>Epoch (1-based) of the non-finite loss, or <c>null</c>.</summary>
    public int? Epoch { get; private set; }

    /// <summary>Batch (0-based, within the epoch) of the non-finite loss, or <c>null</c>.</summary>
    public int? Batch { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context) => (Epoch, Batch) = (null, null);

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingContext context)
    {
        if (double.IsFinite(context.BatchLoss)) return;
        (Epoch, Batch) = (context.Epoch, context.BatchIndex);
        context.RequestStop(StopReason.NonFiniteLoss, $"loss is {context.BatchLoss} at epoch {context.Epoch}, batch {context.BatchIndex}");
    }
}
