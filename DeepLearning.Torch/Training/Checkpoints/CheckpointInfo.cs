using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Training.Checkpoints;

/// <summary>What a verified checkpoint says about itself.</summary>
/// <param name="Path">The file.</param>
/// <param name="Epoch">Epochs completed when it was written (1-based count).</param>
/// <param name="ModelType">.NET type name of the model.</param>
/// <param name="ModelDescription">The model's <c>DescribeAsJson()</c> when it implements <c>IDescribedModule</c>, else <c>null</c>.</param>
/// <param name="ParameterNames">Names of the stored weights and buffers.</param>
/// <param name="History">The history up to <paramref name="Epoch"/>.</param>
public sealed record CheckpointInfo(string Path, int Epoch, string ModelType, string? ModelDescription,
    IReadOnlyList<string> ParameterNames, History History);
