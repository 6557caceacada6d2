namespace DeepLearning.Torch.Training.Core;

/// <summary>The values recorded at the end of one epoch.</summary>
/// <param name="Epoch">Epoch number, 1-based.</param>
/// <param name="Values">Loss and metrics by key (<see cref="MetricKeys"/>), validation keys included.</param>
/// <param name="LearningRate">Learning rate of the first parameter group at the end of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch, validation included.</param>
public sealed record EpochRecord(int Epoch, IReadOnlyDictionary<string, double> Values, double LearningRate, double Seconds);
