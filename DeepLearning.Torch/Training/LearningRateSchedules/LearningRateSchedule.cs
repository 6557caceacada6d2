using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Training.LearningRateSchedules;

/// <summary>
/// A learning-rate schedule driven by the trainer: per epoch (<see cref="AtEpochBegin"/>), per batch
/// (<see cref="AtBatchBegin"/>) or from the epoch's logs (<see cref="AtEpochEnd"/>). A returned value replaces the
/// learning rate of every parameter group; <c>null</c> leaves it. Epochs are 1-based, steps 0-based. A schedule with
/// state of its own (plateau counters) saves it in checkpoints as an <see cref="IStateful"/>.
/// </summary>
public abstract class LearningRateSchedule : IStateful
{
    /// <summary>Identifies the schedule's state in a checkpoint; by default the type name.</summary>
    public virtual string StateKey => GetType().Name;

    /// <summary>The optimizer's learning rate when training began.</summary>
    public double InitialLearningRate { get; private set; }

    /// <summary>Total epochs of the run.</summary>
    public int Epochs { get; private set; }

    /// <summary>Batches per epoch.</summary>
    public int StepsPerEpoch { get; private set; }

    /// <summary>Called by the trainer before the first epoch (and before a resumed state is loaded).</summary>
    /// <param name="initialLearningRate">The optimizer's initial learning rate.</param>
    /// <param name="epochs">Total epochs.</param>
    /// <param name="stepsPerEpoch">Batches per epoch.</param>
    public void Begin(double initialLearningRate, int epochs, int stepsPerEpoch)
    {
        InitialLearningRate = initialLearningRate;
        Epochs = epochs;
        StepsPerEpoch = stepsPerEpoch;
        Reset();
    }

    /// <summary>Clears the schedule's own state (plateau counters); called by <see cref="Begin"/>.</summary>
    protected virtual void Reset()
    {
    }

    /// <summary>The learning rate for <paramref name="epoch"/>, or <c>null</c> to keep the current one.</summary>
    /// <param name="epoch">Epoch about to start, 1-based.</param>
    public virtual double? AtEpochBegin(int epoch) => null;

    /// <summary>The learning rate for global batch <paramref name="step"/>, or <c>null</c>.</summary>
    /// <param name="step">Batches completed since training began, 0-based.</param>
    public virtual double? AtBatchBegin(long step) => null;

    /// <summary>
    /// The optimizer's momentum (SGD, RMSprop) or beta1 (Adam, AdamW) for global batch <paramref name="step"/>, or
    /// <c>null</c> to leave it (the default; <see cref="OneCycle"/> with <see cref="OneCycle.CycleMomentum"/> sets it).
    /// </summary>
    /// <param name="step">Batches completed since training began, 0-based.</param>
    public virtual double? MomentumAtBatchBegin(long step) => null;

    /// <summary>The learning rate after <paramref name="epoch"/> given its logs, or <c>null</c>.</summary>
    /// <param name="epoch">Epoch just finished, 1-based.</param>
    /// <param name="logs">The epoch's values (validation included).</param>
    /// <param name="currentLearningRate">The rate in use.</param>
    public virtual double? AtEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, double currentLearningRate) => null;

    /// <summary>
    /// Checks, when Fit starts, that the run's optimizers can follow this schedule; the trainer refuses to train otherwise
    /// (an <see cref="ArgumentException"/> with this sentence).
    /// </summary>
    /// <param name="optimizers">The run's optimizers, in the step's order.</param>
    /// <param name="optimizerName">The name of <c>TrainerOptions.Optimizer</c>, for the message.</param>
    /// <returns>Null when they fit (the default), else a sentence saying what is wrong.</returns>
    public virtual string? OptimizerProblem(IReadOnlyList<TorchSharp.torch.optim.Optimizer> optimizers, string optimizerName) => null;

    /// <summary>Writes the schedule's own state (for checkpoints); stateless schedules write nothing.</summary>
    /// <param name="writer">Destination.</param>
    public virtual void SaveState(BinaryWriter writer)
    {
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    public virtual void LoadState(BinaryReader reader)
    {
    }
}
