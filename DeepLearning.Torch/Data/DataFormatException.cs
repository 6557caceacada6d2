namespace DeepLearning.Torch.Data;

/// <summary>
/// A data file exists but its content is not what the reader expects: truncated, wrong layout, wrong data
/// type, a label out of range, or a header that claims more data than the file (or memory) can hold.
/// The message names the file, the dataset path inside it (for HDF5) and what was expected.
/// </summary>
public sealed class DataFormatException : IOException
{
    /// <summary>Creates the exception; the message is prefixed with the file and dataset path.</summary>
    /// <param name="filePath">The file that was read.</param>
    /// <param name="datasetPath">The dataset path inside the file (HDF5), or <see langword="null"/>.</param>
    /// <param name="problem">What was found and what was expected.</param>
    /// <param name="inner">The exception that revealed the problem, if any.</param>
    public DataFormatException(string filePath, string? datasetPath, string problem, Exception? inner = null)
        : base(Compose(filePath, datasetPath, problem), inner)
    {
        FilePath = filePath;
        DatasetPath = datasetPath;
    }

    /// <summary>The file that was read.</summary>
    public string FilePath { get; }

    /// <summary>The dataset path inside the file (HDF5), or <see langword="null"/> for flat files.</summary>
    public string? DatasetPath { get; }

    private static string Compose(string filePath, string? datasetPath, string problem) =>
        datasetPath is null
            ? $"'{filePath}': {problem}"
            : $"'{filePath}', dataset '{datasetPath}': {problem}";
}
