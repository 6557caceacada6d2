using DeepLearning.Torch.Data;

namespace DeepLearning.Torch.Training;

/// <summary>A dataset, or some rows of it (a validation split made without copying).</summary>
internal sealed record DataPart(TensorDataset Data, IReadOnlyList<long>? Rows);
