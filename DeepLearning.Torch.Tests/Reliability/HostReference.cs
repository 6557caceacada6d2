namespace DeepLearning.Torch.Tests.Reliability;

/// <summary>An uninterrupted run of the training host: the outcome every interrupted and resumed run must reproduce bitwise.</summary>
public sealed class HostReference : IDisposable
{
    internal const int Epochs = 6;

    public HostReference()
    {
        Folder = Path.Combine(Path.GetTempPath(), "dlt-rel-ref-" + Guid.NewGuid().ToString("N"));
        using var host = TrainingHostProcess.Start(Folder, ["--epochs", Epochs.ToString()]);
        int code = host.WaitForExit(TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"Reference run failed ({code}): {host.StandardError}");
        Values = File.ReadAllText(Path.Combine(Folder, "values.txt"));
        Weights = File.ReadAllBytes(Path.Combine(Folder, "weights.bin"));
        CsvRows = CsvWithoutSeconds(Path.Combine(Folder, "history.csv"));
    }

    internal string Folder { get; }

    /// <summary>values.txt: stop reason and every epoch's values and learning rate, round-trip formatted (no wall times).</summary>
    internal string Values { get; }

    /// <summary>weights.bin: names and raw bytes of the final state.</summary>
    internal byte[] Weights { get; }

    /// <summary>history.csv rows without the wall-time column.</summary>
    internal string[] CsvRows { get; }

    /// <summary>The rows of a history CSV with the last column (seconds) removed.</summary>
    internal static string[] CsvWithoutSeconds(string path)
        => File.ReadAllLines(path).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    public void Dispose() => Directory.Delete(Folder, true);
}
