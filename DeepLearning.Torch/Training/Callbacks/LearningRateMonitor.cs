using DeepLearning.Torch.Training.Core;
using Microsoft.Extensions.Logging;

namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>Records the learning rate at the start of every epoch (and of every batch with <see cref="PerBatch"/>).</summary>
public sealed class LearningRateMonitor : Callback
{
    private readonly List<(int Epoch, long Step, double LearningRate)> _rates = [];

    /// <summary>Also record at every batch (needed to see one-cycle schedules).</summary>
    /// <value>Default false.</value>
    public bool PerBatch { get; init; }

    /// <inheritdoc />
    public override int Order => 50;

    /// <summary>Recorded (epoch, global step, learning rate) triples.</summary>
    public IReadOnlyList<(int Epoch, long Step, double LearningRate)> Rates => _rates;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context) => _rates.Clear();

    /// <inheritdoc />
    public override void OnEpochBegin(TrainingContext context)
    {
        if (PerBatch) return;
        _rates.Add((context.Epoch, context.GlobalStep, context.LearningRate));
        context.Logger.LogDebug("Epoch {Epoch}: learning rate {Rate}", context.Epoch, context.LearningRate);
    }

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingContext context)
    {
        if (PerBatch) _rates.Add((context.Epoch, context.GlobalStep - 1, context.LearningRate));
    }
}
