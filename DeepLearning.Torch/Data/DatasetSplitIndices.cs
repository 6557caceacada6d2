namespace DeepLearning.Torch.Data;

/// <summary>
/// The sample indices of a split made by <see cref="DatasetSplit.Indices(TensorDataset, double, double, long, bool, Microsoft.Extensions.Logging.ILogger?)"/>, without copying any data
/// (a <see cref="BatchIterator"/> can batch a dataset restricted to such indices).
/// </summary>
/// <param name="Train">Indices of the training samples, ascending.</param>
/// <param name="Validation">Indices of the validation samples, ascending.</param>
/// <param name="Test">Indices of the test samples, ascending.</param>
/// <param name="Stratified">Whether the split was stratified by class (false when the labels are not class labels).</param>
public sealed record DatasetSplitIndices(IReadOnlyList<long> Train, IReadOnlyList<long> Validation, IReadOnlyList<long> Test, bool Stratified);
