namespace DeepLearning.Torch.Data;

/// <summary>
/// The parts of a dataset split by <see cref="DatasetSplit.Split"/>. Each part owns its tensors;
/// disposing the result disposes all three.
/// </summary>
/// <param name="Train">The training part.</param>
/// <param name="Validation">The validation part (may be empty).</param>
/// <param name="Test">The test part (may be empty).</param>
/// <param name="TrainIndices">Indices into the source dataset of the training samples, ascending.</param>
/// <param name="ValidationIndices">Indices of the validation samples, ascending.</param>
/// <param name="TestIndices">Indices of the test samples, ascending.</param>
/// <param name="Stratified">Whether the split was stratified by class (false when the labels are not class labels).</param>
public sealed record DatasetSplitResult(
    TensorDataset Train,
    TensorDataset Validation,
    TensorDataset Test,
    IReadOnlyList<long> TrainIndices,
    IReadOnlyList<long> ValidationIndices,
    IReadOnlyList<long> TestIndices,
    bool Stratified) : IDisposable
{
    /// <summary>Disposes the three parts.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
