using System.Globalization;
using System.Text;

namespace DeepLearning.Torch.Training;

/// <summary>
/// The trainer settings that shape a run's trajectory (batch size, shuffling, validation split, loss, optimizer,
/// schedule, clipping, class weights, augmentation, losses and loss weights per output, training step, gradient accumulation), stored in checkpoints so that a resume with different settings,
/// which could not reproduce the uninterrupted run, is refused with the differences named. The number of epochs is not
/// among them: resuming with more epochs is how a run is extended.
/// </summary>
internal static class RunSettings
{
    /// <summary>The settings of <paramref name="options"/>, one <c>name=value</c> line each.</summary>
    internal static string Describe(TrainerOptions options)
    {
        var lines = new StringBuilder();
        void Add(string name, object? value) => lines.Append(name).Append('=').Append(Format(value)).Append('\n');
        Add("batch size", options.BatchSize);
        Add("shuffle", options.Shuffle);
        Add("validation split", options.ValidationSplit);
        Add("stratified validation split", options.StratifyValidationSplit);
        Add("loss", options.Loss?.Name);
        Add("optimizer", options.Optimizer);
        Add("schedule", options.Schedule?.GetType().Name);
        Add("gradient clip norm", options.GradientClipNorm);
        Add("gradient clip value", options.GradientClipValue);
        Add("class weights", options.ClassWeights is { } weights ? string.Join(", ", weights.Select(w => Format(w))) : null);
        Add("augmentation", options.Augmentation?.GetType().Name);
        Add("losses", string.Join(", ", options.Losses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value.Name}")));
        Add("loss weights", string.Join(", ", options.LossWeights.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {Format(p.Value)}")));
        Add("training step", options.Step.GetType().FullName);
        Add("gradient accumulation steps", options.GradientAccumulationSteps);
        return lines.ToString();
    }

    /// <summary>The settings that differ, as "name: saved in the checkpoint, current now" phrases; empty when none do.</summary>
    internal static IReadOnlyList<string> Differences(string saved, string current)
    {
        var before = Parse(saved);
        var now = Parse(current);
        var differences = new List<string>();
        foreach (var (name, value) in now)
        {
            if (before.TryGetValue(name, out string? old) && old != value)
                differences.Add($"{name}: {Show(old)} in the checkpoint, {Show(value)} now");
        }
        return differences;
    }

    private static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) result[line[..eq]] = line[(eq + 1)..];
        }
        return result;
    }

    private static string Show(string value) => value.Length == 0 ? "none" : value;

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => (value.ToString() ?? "").Replace('\n', ' '),
    };
}
