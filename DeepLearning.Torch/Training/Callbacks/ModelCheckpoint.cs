using System.Globalization;
using System.Text.RegularExpressions;
using DeepLearning.Torch.Training.Core;
using Microsoft.Extensions.Logging;

namespace DeepLearning.Torch.Training.Callbacks;

/// <summary>
/// Writes full checkpoints (weights, model description, optimizer, schedule, callbacks, RNG states, history) at epoch end:
/// every <see cref="EveryEpochs"/> epochs, or only when <see cref="MonitoringCallback.MonitorKey"/> improves with <see cref="SaveBestOnly"/>.
/// The path is a template: <c>{epoch}</c> and any log key, with an optional .NET format, e.g.
/// <c>runs/epoch{epoch:D3}-{val_loss:F4}.ckpt</c>. Use two instances for "best" and "last".
/// Runs after the other callbacks (<see cref="Order"/> 100) so their state at this epoch is saved.
/// Never writes weights holding a NaN or infinity: such an epoch is skipped with a warning and the previous file stays.
/// </summary>
public sealed partial class ModelCheckpoint : MonitoringCallback
{
    private readonly int _every = 1;

    /// <summary>Creates the callback.</summary>
    /// <param name="filePath">Path template of the checkpoint files.</param>
    public ModelCheckpoint(string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        FilePath = filePath;
    }

    /// <summary>Path template.</summary>
    public string FilePath { get; }

    /// <summary>Save only when <see cref="MonitoringCallback.MonitorKey"/> improves by more than <see cref="MonitoringCallback.MinDelta"/> (the best model); otherwise save every <see cref="EveryEpochs"/> epochs.</summary>
    /// <value>Default false.</value>
    public bool SaveBestOnly { get; init; }

    /// <summary>Save every this many epochs (ignored with <see cref="SaveBestOnly"/>), at least 1.</summary>
    /// <value>Default 1.</value>
    public int EveryEpochs { get => _every; init => _every = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(EveryEpochs), value, "EveryEpochs must be at least 1."); }

    /// <inheritdoc />
    public override int Order => 100;

    /// <inheritdoc />
    public override IEnumerable<string> OutputPaths => [FilePath];

    /// <summary>Path of the last file written, or <c>null</c>.</summary>
    public string? LastSavedPath { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        StartMonitoring(baseline: null, relative: false);
        LastSavedPath = null;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">With <see cref="SaveBestOnly"/>, the run does not log <see cref="MonitoringCallback.MonitorKey"/>
    /// (the message lists the keys it logs); or the path template names a key the logs lack.</exception>
    public override void OnEpochEnd(TrainingContext context)
    {
        double value = 0;
        if (SaveBestOnly)
        {
            value = ReadMonitored(context);
            if (!IsImprovement(value)) return;
        }
        else if (context.Epoch % EveryEpochs != 0)
        {
            return;
        }
        string path = Format(FilePath, context.Epoch, context.Logs);
        if (NonFiniteGuard.NonFiniteWeights(context.Model) is { Count: > 0 } bad)
        {
            context.Logger.LogWarning(
                "ModelCheckpoint did not write {Path}: after epoch {Epoch} the weights {Names} hold NaN or infinite values; the previous checkpoint is kept.",
                path, context.Epoch, NonFiniteGuard.FirstNames(bad));
            return;
        }
        if (SaveBestOnly) Best = value;
        context.SaveCheckpoint(path);
        LastSavedPath = path;
    }

    /// <summary>Fills the placeholders of <paramref name="template"/>.</summary>
    /// <param name="template">Template with <c>{epoch}</c> and <c>{key:format}</c> placeholders.</param>
    /// <param name="epoch">Epoch number, 1-based.</param>
    /// <param name="logs">The epoch's values.</param>
    /// <exception cref="InvalidOperationException">A placeholder names a key the logs lack.</exception>
    public static string Format(string template, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(logs);
        return Placeholder().Replace(template, m =>
        {
            string key = m.Groups["key"].Value;
            string? format = m.Groups["format"].Success ? m.Groups["format"].Value : null;
            if (key == "epoch") return epoch.ToString(format, CultureInfo.InvariantCulture);
            if (logs.TryGetValue(key, out double value)) return value.ToString(format, CultureInfo.InvariantCulture);
            throw new InvalidOperationException($"Checkpoint path template '{template}' uses '{{{key}}}', which the logs lack; available: epoch, {string.Join(", ", logs.Keys)}.");
        });
    }

    /// <inheritdoc />
    public override void SaveState(BinaryWriter writer) => writer.Write(Best);

    /// <inheritdoc />
    public override void LoadState(BinaryReader reader) => Best = reader.ReadDouble();

    [GeneratedRegex(@"\{(?<key>[A-Za-z_][A-Za-z0-9_]*)(:(?<format>[^}]+))?\}")]
    private static partial Regex Placeholder();
}
