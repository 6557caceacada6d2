using DeepLearning.Torch.IO;
using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// Hooks into <c>Trainer.Fit</c>. Callbacks run in ascending <see cref="Order"/> (ties: the order they were
/// added). A callback stops training with <see cref="TrainingContext.RequestStop"/>, never by throwing.
/// Stateful callbacks override <see cref="SaveState"/>/<see cref="LoadState"/> (<see cref="IStateful"/>) so checkpoints resume them exactly.
/// </summary>
public abstract class Callback : IStateful
{
    /// <summary>Position among callbacks; lower runs first. Default 0; ModelCheckpoint 100 and CsvLogger 200 run after the rest.</summary>
    public virtual int Order => 0;

    /// <summary>
    /// Files (or path templates) the callback writes. <c>Trainer.Fit</c> locks their folders for the run, so two
    /// trainings cannot write to the same folder at once (<c>OutputFolderInUseException</c>). Default: none.
    /// </summary>
    public virtual IEnumerable<string> OutputPaths => [];

    /// <summary>Identifies the callback's state in a checkpoint; by default the type name.</summary>
    public virtual string StateKey => GetType().Name;

    /// <summary>Before the first epoch (also when resuming, before the saved state is loaded).</summary>
    /// <param name="context">The run.</param>
    public virtual void OnTrainBegin(TrainingContext context)
    {
    }

    /// <summary>After the last epoch, on every exit path (completed, stopped by any callback, NaN, cancelled).</summary>
    /// <param name="context">The run.</param>
    public virtual void OnTrainEnd(TrainingContext context)
    {
    }

    /// <summary>Before each epoch.</summary>
    /// <param name="context">The run.</param>
    public virtual void OnEpochBegin(TrainingContext context)
    {
    }

    /// <summary>After each completed epoch, with <see cref="TrainingContext.Logs"/> holding its values; the epoch is already in the history.</summary>
    /// <param name="context">The run.</param>
    public virtual void OnEpochEnd(TrainingContext context)
    {
    }

    /// <summary>Before each training batch.</summary>
    /// <param name="context">The run.</param>
    public virtual void OnBatchBegin(TrainingContext context)
    {
    }

    /// <summary>After each training batch's optimizer step, with <see cref="TrainingContext.BatchLoss"/> set.</summary>
    /// <param name="context">The run.</param>
    public virtual void OnBatchEnd(TrainingContext context)
    {
    }

    /// <summary>Writes the callback's state for a checkpoint; stateless callbacks write nothing.</summary>
    /// <param name="writer">Destination.</param>
    public virtual void SaveState(BinaryWriter writer)
    {
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote (called after <see cref="OnTrainBegin"/> when resuming).</summary>
    /// <param name="reader">Source.</param>
    public virtual void LoadState(BinaryReader reader)
    {
    }
}
