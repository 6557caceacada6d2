using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// A callback that guards the training batches against non-finite numbers (<see cref="TerminateOnNaN"/>): the trainer lets
/// the first such callback of a run check each batch before the optimizer step and decide what a bad batch does.
/// </summary>
internal interface INonFiniteGuard
{
    /// <summary>Whether every gradient is checked too (else the loss only).</summary>
    bool CheckGradients { get; }

    /// <summary>Whether skipped batches are counted in the history under <see cref="MetricKeys.SkippedBatches"/>.</summary>
    bool SkipBatch { get; }

    /// <summary>Called for a bad batch before the optimizer step; returns whether to skip it (else training stops).</summary>
    bool HandleNonFinite(TrainingContext context, StopReason reason, string problem);
}
