using DeepLearning.Torch.Training.Core;
using Microsoft.Extensions.Logging;

namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// Guards every training batch against non-finite numbers: after the backward pass and <em>before</em> the optimizer step,
/// the trainer checks the loss (NaN or infinite, e.g. from a NaN input batch) and, with <see cref="CheckGradients"/>, every
/// gradient (an exploding gradient overflowing to infinity). On a bad batch the step is not taken, so the weights stay those
/// of the last good batch, and then either
/// <list type="bullet">
/// <item>training stops (default) with <see cref="StopReason.NonFiniteLoss"/> or <see cref="StopReason.NonFiniteGradient"/>
/// and a message naming the problem, the epoch and the batch (also in <see cref="Problem"/>, <see cref="Epoch"/>,
/// <see cref="Batch"/>). The interrupted epoch is not recorded and no epoch-end callback runs for it, so checkpoints
/// written earlier (the best one included) stay intact and <c>EarlyStopping.RestoreBestWeights</c> restores the best; or</item>
/// <item>with <see cref="SkipBatch"/>, the batch is skipped (no step, left out of the epoch's loss and metrics), a warning is
/// logged, and the epoch's count is recorded in the history under <see cref="MetricKeys.SkippedBatches"/>.</item>
/// </list>
/// Runs first (<see cref="Order"/> -100). Only the first TerminateOnNaN of a run guards it. Without one, Fit guards the loss
/// (not the gradients) the same way by default (<c>TrainerOptions.TerminateOnNonFinite</c>); add this callback to check
/// gradients too, to skip bad batches, or to read <see cref="Epoch"/>, <see cref="Batch"/> and <see cref="Problem"/>.
/// </summary>
public sealed class TerminateOnNaN : Callback, INonFiniteGuard
{
    /// <inheritdoc />
    public override int Order => -100;

    /// <summary>Skip bad batches instead of stopping.</summary>
    /// <value>Default false (stop).</value>
    public bool SkipBatch { get; init; }

    /// <summary>Also check every gradient for NaN or infinity (one reduction per parameter and batch).</summary>
    /// <value>Default true.</value>
    public bool CheckGradients { get; init; } = true;

    /// <summary>Epoch (1-based) of the batch that stopped training, or <c>null</c>.</summary>
    public int? Epoch { get; private set; }

    /// <summary>Batch (0-based, within the epoch) that stopped training, or <c>null</c>.</summary>
    public int? Batch { get; private set; }

    /// <summary>What was wrong with the batch that stopped training, e.g. <c>loss is NaN; the input batch holds 3 non-finite values</c>, or <c>null</c>.</summary>
    public string? Problem { get; private set; }

    /// <summary>Batches skipped in this run (with <see cref="SkipBatch"/>).</summary>
    public int SkippedBatches { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context) => (Epoch, Batch, Problem, SkippedBatches) = (null, null, null, 0);

    /// <summary>Called by the trainer for a bad batch before the optimizer step; returns whether to skip it (else training stops).</summary>
    bool INonFiniteGuard.HandleNonFinite(TrainingContext context, StopReason reason, string problem) => HandleNonFinite(context, reason, problem);

    private bool HandleNonFinite(TrainingContext context, StopReason reason, string problem)
    {
        if (SkipBatch)
        {
            SkippedBatches++;
            context.Logger.LogWarning("Skipped batch {Batch} of epoch {Epoch}: {Problem}.", context.BatchIndex, context.Epoch, problem);
            return true;
        }
        (Epoch, Batch, Problem) = (context.Epoch, context.BatchIndex, problem);
        context.RequestStop(reason, $"{problem} at epoch {context.Epoch}, batch {context.BatchIndex}; the optimizer step was not taken");
        return false;
    }
}
