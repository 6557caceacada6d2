using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Training.Core;

/// <summary>
/// What <c>Trainer.Fit</c> returns: per-epoch loss, validation loss, metrics, learning rate and wall time,
/// with the seed, package versions and device of the run. Saved as JSON (<see cref="SaveJson"/>) and CSV (<see cref="SaveCsv"/>).
/// </summary>
public sealed class History
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly List<EpochRecord> _epochs = [];

    /// <summary>Creates an empty history.</summary>
    /// <param name="seed">Seed of the run.</param>
    /// <param name="device">Device the run used, e.g. <c>cpu</c> or <c>cuda:0</c>.</param>
    /// <param name="deviceReason">Why that device was chosen.</param>
    /// <param name="packageVersions">Versions of the packages involved, by name.</param>
    public History(long seed, string device, string deviceReason, IReadOnlyDictionary<string, string> packageVersions)
    {
        Seed = seed;
        Device = device;
        DeviceReason = deviceReason;
        PackageVersions = packageVersions;
    }

    /// <summary>The epochs recorded so far, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Seed of the run.</summary>
    public long Seed { get; }

    /// <summary>Device of the run.</summary>
    public string Device { get; }

    /// <summary>Why that device was chosen.</summary>
    public string DeviceReason { get; }

    /// <summary>Package versions (DeepLearning.Torch, TorchSharp, libtorch, .NET).</summary>
    public IReadOnlyDictionary<string, string> PackageVersions { get; }

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; internal set; }

    /// <summary>A sentence on the stop (which callback, epoch, batch), or <c>null</c>.</summary>
    public string? StopMessage { get; internal set; }

    /// <summary>All recorded keys in first-seen order.</summary>
    public IReadOnlyList<string> Keys => _epochs.SelectMany(e => e.Values.Keys).Distinct().ToList();

    /// <summary>The values of <paramref name="key"/> per epoch (NaN where an epoch lacks it).</summary>
    /// <param name="key">A key such as <see cref="MetricKeys.ValidationLoss"/>.</param>
    /// <exception cref="KeyNotFoundException">No epoch recorded <paramref name="key"/>.</exception>
    public double[] this[string key]
    {
        get
        {
            if (!_epochs.Any(e => e.Values.ContainsKey(key)))
                throw new KeyNotFoundException($"History has no values for '{key}'; recorded keys: {string.Join(", ", Keys)}.");
            return _epochs.Select(e => e.Values.TryGetValue(key, out double v) ? v : double.NaN).ToArray();
        }
    }

    internal void Add(EpochRecord record) => _epochs.Add(record);

    /// <summary>The history as indented JSON (non-finite numbers written as "NaN", "Infinity").</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dto(Seed, Device, DeviceReason, PackageVersions, StopReason, StopMessage, _epochs), JsonOptions);

    /// <summary>Reads a history written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not a history.</exception>
    public static History FromJson(string json)
    {
        var dto = JsonSerializer.Deserialize<Dto>(json, JsonOptions) ?? throw new JsonException("History JSON is null.");
        var history = new History(dto.Seed, dto.Device, dto.DeviceReason, dto.PackageVersions)
        {
            StopReason = dto.StopReason,
            StopMessage = dto.StopMessage,
        };
        foreach (var e in dto.Epochs) history.Add(e);
        return history;
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    /// <param name="path">Destination file; its directory is created if needed, as for checkpoints. Written atomically (temporary file and rename).</param>
    /// <exception cref="IOException">The write failed; the message names the file, and the previous file is unchanged.</exception>
    public void SaveJson(string path) => AtomicFile.Write(path, ToJson(), "history JSON", createDirectory: true);

    /// <summary>Writes one row per epoch: <c>epoch</c>, every key, <c>lr</c>, <c>seconds</c> (invariant culture).</summary>
    /// <param name="path">Destination file; its directory is created if needed. Written atomically (temporary file and rename).</param>
    /// <exception cref="IOException">The write failed; the message names the file, and the previous file is unchanged.</exception>
    public void SaveCsv(string path) => AtomicFile.Write(path, ToCsv(), "history CSV", createDirectory: true);

    /// <summary>The CSV text written by <see cref="SaveCsv"/>.</summary>
    public string ToCsv()
    {
        var keys = Keys;
        var text = new StringBuilder();
        text.Append("epoch,").Append(string.Join(",", keys)).Append(",lr,seconds\n");
        foreach (var e in _epochs)
        {
            text.Append(e.Epoch.ToString(CultureInfo.InvariantCulture));
            foreach (string key in keys)
                text.Append(',').Append(e.Values.TryGetValue(key, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            text.Append(',').Append(e.LearningRate.ToString("R", CultureInfo.InvariantCulture));
            text.Append(',').Append(e.Seconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    private sealed record Dto(long Seed, string Device, string DeviceReason, IReadOnlyDictionary<string, string> PackageVersions,
        StopReason StopReason, string? StopMessage, IReadOnlyList<EpochRecord> Epochs);
}
