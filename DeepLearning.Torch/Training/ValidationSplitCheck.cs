using DeepLearning.Torch.Data;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Refuses a <see cref="TrainerOptions.ValidationSplit"/> that leaves a class without validation or without training
/// samples (its validation metrics would be NaN or it would never be learnt), naming the class and the counts.
/// </summary>
internal static class ValidationSplitCheck
{
    private const string Fix = "use a larger ValidationSplit or more samples of that class, or pass a validation dataset to Fit";

    /// <summary>Before a stratified split: every class keeps samples on both sides of <paramref name="fraction"/>.</summary>
    /// <exception cref="ArgumentException">A class would be missing from a part.</exception>
    internal static void BeforeStratified(long[] classes, double fraction)
    {
        foreach (var group in classes.GroupBy(c => c).OrderBy(g => g.Key))
        {
            int n = group.Count();
            int validation = DatasetSplit.PartSize(n, fraction);
            if (validation == 0)
                throw Missing(group.Key, "validation", $"it has {n} of {classes.Length} samples, and {fraction} x {n} rounds to 0; {Fix}", fraction);
            if (validation == n)
                throw Missing(group.Key, "training",
                    $"it has {n} of {classes.Length} samples, and {fraction} x {n} rounds to {n}, so all go to validation; use a smaller ValidationSplit or more samples of that class", fraction);
        }
    }

    /// <summary>After a split without stratification: every class has samples in both parts.</summary>
    /// <exception cref="ArgumentException">A class is missing from a part.</exception>
    internal static void AfterUnstratified(long[] classes, DatasetSplitIndices parts, double fraction)
    {
        var inValidation = parts.Validation.Select(i => classes[i]).ToHashSet();
        var inTraining = parts.Train.Select(i => classes[i]).ToHashSet();
        foreach (var group in classes.GroupBy(c => c).OrderBy(g => g.Key))
        {
            int n = group.Count();
            if (!inValidation.Contains(group.Key))
                throw Missing(group.Key, "validation",
                    $"it has {n} of {classes.Length} samples and the unstratified split drew none of them; set StratifyValidationSplit = true, or {Fix}", fraction);
            if (!inTraining.Contains(group.Key))
                throw Missing(group.Key, "training",
                    $"it has {n} of {classes.Length} samples and the unstratified split put all of them in validation; set StratifyValidationSplit = true or use a smaller ValidationSplit", fraction);
        }
    }

    private static ArgumentException Missing(long label, string part, string detail, double fraction)
        => new($"TrainerOptions.ValidationSplit = {fraction} leaves class {label} without {part} samples: {detail}.", "train");
}
