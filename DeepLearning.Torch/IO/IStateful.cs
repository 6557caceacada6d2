namespace DeepLearning.Torch.IO;

/// <summary>
/// Something whose state a training checkpoint saves and a resume restores, so that the resumed run continues exactly:
/// callbacks (<see cref="Training.Callbacks.Callback"/>), learning-rate schedules
/// (<see cref="Training.LearningRateSchedules.LearningRateSchedule"/>) and batch augmentation
/// (<see cref="Data.Augmentation.IBatchAugmentation"/>) all implement it; the trainer saves each under its
/// <see cref="StateKey"/> (a second component with the same key gets <c>#2</c>, and so on, in the run's order).
/// </summary>
public interface IStateful
{
    /// <summary>Identifies the state in a checkpoint, e.g. the type name.</summary>
    string StateKey { get; }

    /// <summary>Writes the state; a component without state writes nothing.</summary>
    /// <param name="writer">Destination.</param>
    void SaveState(BinaryWriter writer);

    /// <summary>Restores what <see cref="SaveState"/> wrote (when resuming, after <see cref="Training.Callbacks.Callback.OnTrainBegin"/>).</summary>
    /// <param name="reader">Source.</param>
    void LoadState(BinaryReader reader);
}
