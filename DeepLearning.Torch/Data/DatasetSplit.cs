using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Data;

/// <summary>
/// Seeded train/validation/test splits, shuffled and (by default) stratified by class, so that a file sorted
/// by class (signal then background) never yields a single-class validation set.
/// </summary>
public static class DatasetSplit
{
    /// <summary>
    /// Splits <paramref name="dataset"/> into train, validation and test parts (copies of the rows, the same rows of every
    /// input of a multi-input dataset; see <see cref="Indices(TensorDataset, double, double, long, bool, ILogger?)"/> for a split without copies).
    /// </summary>
    /// <param name="dataset">The dataset to split.</param>
    /// <param name="validationFraction">Fraction of samples (of each class when stratified) for validation, in [0, 1).</param>
    /// <param name="testFraction">Fraction for the test part, in [0, 1); validation + test must be below 1.</param>
    /// <param name="seed">Seed of the shuffling; the same seed gives the same split.</param>
    /// <param name="stratify">Split each class separately (default). Ignored, with a log message, when the labels are not class labels.</param>
    /// <param name="logger">Receives a warning for each class missing from a non-empty part; <c>null</c> writes warnings to standard error (<see cref="Training.StandardErrorLogger"/>).</param>
    /// <returns>The three parts; each owns copies of its rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is outside [0, 1) or their sum is not below 1.</exception>
    public static DatasetSplitResult Split(TensorDataset dataset, double validationFraction, double testFraction = 0,
        long seed = 0, bool stratify = true, ILogger? logger = null)
    {
        var parts = Indices(dataset, validationFraction, testFraction, seed, stratify, logger);
        return new DatasetSplitResult(dataset.Subset(parts.Train), dataset.Subset(parts.Validation), dataset.Subset(parts.Test),
            parts.Train, parts.Validation, parts.Test, parts.Stratified);
    }

    /// <summary>
    /// The indices of a seeded, shuffled and (by default) stratified train/validation/test split; no data is copied.
    /// </summary>
    /// <param name="dataset">The dataset to split.</param>
    /// <param name="validationFraction">Fraction of samples (of each class when stratified) for validation, in [0, 1).</param>
    /// <param name="testFraction">Fraction for the test part, in [0, 1); validation + test must be below 1.</param>
    /// <param name="seed">Seed of the shuffling; the same seed gives the same split.</param>
    /// <param name="stratify">Split each class separately (default). Ignored, with a log message, when the labels are not class labels.</param>
    /// <param name="logger">Receives a warning for each class missing from a non-empty part; <c>null</c> writes warnings to standard error (<see cref="Training.StandardErrorLogger"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is outside [0, 1) or their sum is not below 1.</exception>
    public static DatasetSplitIndices Indices(TensorDataset dataset, double validationFraction, double testFraction = 0,
        long seed = 0, bool stratify = true, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Indices(dataset.Count, dataset.Labels, validationFraction, testFraction, seed, stratify, logger);
    }

    /// <summary>
    /// The indices of the same split as <see cref="Indices(TensorDataset, double, double, long, bool, ILogger?)"/> for
    /// <paramref name="count"/> rows with <paramref name="labels"/>, without the features: for data that is not in memory, e.g.
    /// a stream's labels (<see cref="Hdf5Dataset.ReadLabels"/>), whose parts <see cref="Hdf5Dataset.Subset"/> then streams.
    /// The same rows and labels give the same indices as the in-memory split.
    /// </summary>
    /// <param name="count">Number of rows.</param>
    /// <param name="labels">Labels [count, ...] (the first label tensor of a dataset), or <c>null</c> (no stratification).</param>
    /// <param name="validationFraction">Fraction of samples (of each class when stratified) for validation, in [0, 1).</param>
    /// <param name="testFraction">Fraction for the test part, in [0, 1); validation + test must be below 1.</param>
    /// <param name="seed">Seed of the shuffling; the same seed gives the same split.</param>
    /// <param name="stratify">Split each class separately (default). Ignored, with a log message, when the labels are not class labels.</param>
    /// <param name="logger">Receives a warning for each class missing from a non-empty part; <c>null</c> writes warnings to standard error (<see cref="Training.StandardErrorLogger"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is outside [0, 1), their sum is not below 1, or <paramref name="labels"/> has another number of rows than <paramref name="count"/>.</exception>
    public static DatasetSplitIndices Indices(long count, Tensor? labels, double validationFraction, double testFraction = 0,
        long seed = 0, bool stratify = true, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (labels is not null && (labels.dim() == 0 || labels.shape[0] != count))
            throw new ArgumentOutOfRangeException(nameof(labels), $"labels have shape [{string.Join(", ", labels.shape)}]; expected {count} rows.");
        logger ??= new Training.StandardErrorLogger();
        CheckFraction(validationFraction, nameof(validationFraction));
        CheckFraction(testFraction, nameof(testFraction));
        if (validationFraction + testFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction,
                $"validationFraction + testFraction must be below 1 so that training data remains; got {validationFraction} + {testFraction}.");

        long[]? classes = stratify ? DatasetSplitClasses.ClassOf(labels) : null;
        if (stratify && classes is null && labels is not null)
            logger.LogInformation("Labels are not class labels (regression targets?); splitting without stratification.");

        using var generator = new Generator((ulong)seed);
        var train = new List<long>();
        var validation = new List<long>();
        var test = new List<long>();
        if (classes is null)
        {
            AssignGroup(Enumerable.Range(0, checked((int)count)).Select(i => (long)i).ToArray(),
                validationFraction, testFraction, generator, train, validation, test);
        }
        else
        {
            foreach (var group in classes.Select((c, i) => (c, i: (long)i)).GroupBy(p => p.c).OrderBy(g => g.Key))
                AssignGroup(group.Select(p => p.i).ToArray(), validationFraction, testFraction, generator, train, validation, test);
            WarnMissing(classes, validation, "validation", logger);
            WarnMissing(classes, test, "test", logger);
            WarnMissing(classes, train, "training", logger);
        }

        train.Sort();
        validation.Sort();
        test.Sort();
        return new DatasetSplitIndices(train, validation, test, classes is not null);
    }

    private static void CheckFraction(double fraction, string name)
    {
        if (!(fraction >= 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(name, fraction, $"{name} must be in [0, 1); got {fraction}.");
    }

    /// <summary>How many of <paramref name="members"/> samples (of one class when stratified) a part with <paramref name="fraction"/> gets.</summary>
    internal static int PartSize(int members, double fraction) => (int)Math.Round(members * fraction, MidpointRounding.AwayFromZero);

    private static void AssignGroup(long[] members, double validationFraction, double testFraction, Generator generator,
        List<long> train, List<long> validation, List<long> test)
    {
        int n = members.Length;
        int nValidation = PartSize(n, validationFraction);
        int nTest = Math.Min(n - nValidation, (int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero));
        using var permutation = randperm(n, generator: generator);
        long[] order = permutation.data<long>().ToArray();
        for (int k = 0; k < n; k++)
        {
            long index = members[order[k]];
            if (k < nValidation) validation.Add(index);
            else if (k < nValidation + nTest) test.Add(index);
            else train.Add(index);
        }
    }

    private static void WarnMissing(long[] classes, List<long> part, string partName, ILogger? logger)
    {
        if (logger is null || part.Count == 0) return;
        var present = part.Select(i => classes[i]).ToHashSet();
        foreach (long c in classes.Distinct().Order())
        {
            if (!present.Contains(c))
                logger.LogWarning("Class {Class} is missing from the {Part} split ({Count} samples); use more data or a larger fraction.",
                    c, partName, part.Count);
        }
    }
}
