using DeepLearning.Torch.Data;
using DeepLearning.Torch.Models;
using DeepLearning.Torch.Training.LossFunctions;
using DeepLearning.Torch.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepLearning.Torch.Training;

/// <summary>
/// The outputs of a model with their losses, loss weights and metrics, checked against the options when Fit (or Evaluate)
/// starts, and the log keys they produce: plain (<c>loss</c>, <c>accuracy</c>) for one output, Keras' <c>{output}_loss</c>
/// and <c>{output}_{metric}</c> beside the total <c>loss</c> for several.
/// </summary>
internal sealed class OutputHeads
{
    private OutputHeads(string modelName, OutputHead[] heads)
    {
        ModelName = modelName;
        Heads = heads;
    }

    /// <summary>The model as messages name it.</summary>
    internal string ModelName { get; }

    /// <summary>One entry per model output, in output order.</summary>
    internal IReadOnlyList<OutputHead> Heads { get; }

    /// <summary>Whether the model has several outputs (so keys carry the output's name).</summary>
    internal bool Several => Heads.Count > 1;

    /// <summary>Every metric of every output.</summary>
    internal IEnumerable<Metric> Metrics => Heads.SelectMany(h => h.Metrics);

    /// <summary>The log key of <paramref name="name"/> (a metric name or <c>loss</c>) for <paramref name="head"/>.</summary>
    internal string Key(OutputHead head, string name) => Several ? $"{head.Name}_{name}" : name;

    /// <summary>The output names of <paramref name="model"/>: its output layers for a <see cref="Model"/>, <c>output</c> for a plain module.</summary>
    internal static IReadOnlyList<string> OutputNames(nn.Module<Tensor, Tensor> model) => model is Model built ? built.Description.Outputs : ["output"];

    /// <summary>
    /// The outputs of <paramref name="model"/> with the losses, weights and metrics of <paramref name="options"/>.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="model">The model.</param>
    /// <param name="lossRequired">Whether every output needs a loss (the built-in step); a custom step may compute its own.</param>
    /// <exception cref="InvalidOperationException">A loss is required and missing.</exception>
    /// <exception cref="ArgumentException">Losses, weights or metrics name outputs the model does not have, both
    /// <see cref="TrainerOptions.Loss"/> and <see cref="TrainerOptions.Losses"/> are set, or single-output settings
    /// (<see cref="TrainerOptions.Metrics"/>, <see cref="TrainerOptions.ClassWeights"/>) are given for several outputs.</exception>
    internal static OutputHeads Resolve(TrainerOptions options, nn.Module<Tensor, Tensor> model, bool lossRequired)
    {
        var names = OutputNames(model);
        string modelName = model is Model m ? $"Model '{m.Description.Name}'" : $"The model {model.GetType().Name}";
        string outputs = string.Join(", ", names);
        string Has() => names.Count == 1 ? $"{modelName} has one output, {outputs}" : $"{modelName} has {names.Count} outputs: {outputs}";
        if (options.Loss is not null && options.Losses.Count > 0)
            throw new ArgumentException(
                "Set TrainerOptions.Loss (one loss for every output) or TrainerOptions.Losses (one per output, keyed by output name), not both.", nameof(options));
        CheckKeys(options.Losses.Keys, "Losses", names, Has);
        CheckKeys(options.LossWeights.Keys, "LossWeights", names, Has);
        CheckKeys(options.OutputMetrics.Keys, "OutputMetrics", names, Has);
        if (names.Count > 1 && options.Metrics.Count > 0)
            throw new ArgumentException(
                $"TrainerOptions.Metrics apply to a model with one output; {Has()}. Give the metrics per output, e.g. " +
                $"TrainerOptions.OutputMetrics[\"{names[0]}\"] = [new {options.Metrics[0].GetType().Name}()].", nameof(options));
        if (names.Count > 1 && options.ClassWeights is not null)
            throw new ArgumentException(
                $"TrainerOptions.ClassWeights apply to a model with one output; {Has()}. Weight the samples instead (the dataset's weights apply to every output).",
                nameof(options));
        var missing = names.Where(n => options.Loss is null && !options.Losses.ContainsKey(n)).ToList();
        if (lossRequired && missing.Count > 0)
        {
            throw new InvalidOperationException(names.Count == 1 && options.Losses.Count == 0
                ? "TrainerOptions.Loss is not set; choose one, e.g. Losses.MeanSquaredError()."
                : $"{Has()}, and TrainerOptions.Losses gives no loss for {string.Join(", ", missing)}: add " +
                  string.Join(", ", missing.Select(n => $"TrainerOptions.Losses[\"{n}\"]")) + ", or set TrainerOptions.Loss to use one loss for every output.");
        }
        var heads = new OutputHead[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            var loss = options.Loss ?? (options.Losses.TryGetValue(name, out var l) ? l : null);
            double weight = options.LossWeights.TryGetValue(name, out double w) ? w : 1.0;
            var metrics = (names.Count == 1 ? options.Metrics : []).Concat(options.OutputMetrics.TryGetValue(name, out var own) ? own : []).ToArray();
            var duplicate = metrics.GroupBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new ArgumentException(
                    $"Output {name} has two metrics named '{duplicate.Key}' (TrainerOptions.Metrics and OutputMetrics); metric names are history keys and must be unique.",
                    nameof(options));
            heads[i] = new OutputHead(name, i, loss, weight, metrics);
        }
        var shared = heads.SelectMany(h => h.Metrics).GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
            throw new ArgumentException(
                $"One {shared.Key.GetType().Name} object is given to several outputs; a metric accumulates the values of one output, so give each output its own.",
                nameof(options));
        return new OutputHeads(modelName, heads);
    }

    /// <summary>
    /// For each output, the index of its label tensor in <paramref name="data"/> (by name when the labels are keyed, by
    /// position otherwise); <c>null</c> when the data has no labels.
    /// </summary>
    /// <exception cref="ArgumentException">The labels do not match the outputs; the message names both.</exception>
    internal int[]? LabelOrder(IBatchSource data, string dataName, string parameter)
    {
        int count = data.LabelCount;
        if (count == 0) return null;
        string outputs = string.Join(", ", Heads.Select(h => h.Name));
        string has = Several ? $"{ModelName} has {Heads.Count} outputs ({outputs})" : $"{ModelName} has one output ({outputs})";
        if ((data as TensorDataset)?.LabelNames is { } keys)
        {
            var unknown = keys.Where(k => Heads.All(h => h.Name != k)).ToList();
            var absent = Heads.Where(h => !keys.Contains(h.Name)).Select(h => h.Name).ToList();
            if (unknown.Count > 0 || absent.Count > 0)
                throw new ArgumentException(
                    $"The {dataName} labels are keyed {string.Join(", ", keys)}, but {has}" +
                    (absent.Count > 0 ? $"; no labels for {string.Join(", ", absent)}" : "") +
                    (unknown.Count > 0 ? $"; {string.Join(", ", unknown.Select(k => $"'{k}'"))} {(unknown.Count == 1 ? "is not an output" : "are not outputs")}" : "") +
                    ". Key each label tensor by its output's name.", parameter);
            return Heads.Select(h => keys.ToList().IndexOf(h.Name)).ToArray();
        }
        if (count != Heads.Count)
            throw new ArgumentException(
                $"The {dataName} data has {count} label tensor{(count == 1 ? "" : "s")} but {has}; give one label tensor per output, " +
                (Several
                    ? $"in output order or keyed by output name: new TensorDataset([x], [{string.Join(", ", Heads.Select(h => "y_" + h.Name))}])."
                    : "new TensorDataset(x, y)."), parameter);
        return Enumerable.Range(0, count).ToArray();
    }

    private static void CheckKeys(IEnumerable<string> keys, string property, IReadOnlyList<string> names, Func<string> has)
    {
        var unknown = keys.Where(k => !names.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"TrainerOptions.{property} names {string.Join(", ", unknown.Select(k => $"'{k}'"))}, but {has()}; key it by output name.", nameof(TrainerOptions));
    }
}
