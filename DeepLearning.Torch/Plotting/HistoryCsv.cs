using System.Globalization;
using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Plotting;

/// <summary>
/// Training curves from a CSV file with a header: one column per metric (<c>loss</c>, <c>val_loss</c>, <c>accuracy</c>, ...)
/// and one row per epoch, as Keras' <c>CSVLogger</c> and <c>History.SaveCsv</c> write them (their <c>epoch</c>, <c>lr</c>
/// and <c>seconds</c> columns are not metrics and are skipped; an empty cell is a missing value, NaN).
/// </summary>
public static class HistoryCsv
{
    private static readonly string[] NotMetrics = ["epoch", "lr", "learning_rate", "seconds"];

    /// <summary>Reads the metric series of a file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>Metric name to one value per epoch, in column order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file has no metric column, no rows, a row of the wrong length or a cell that is not a number (file, line and column named).</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> Read(string path)
    {
        var csv = CsvTable.Read(path, "History file", "loss,val_loss");
        var names = csv.Columns;
        var metrics = Enumerable.Range(0, names.Length).Where(c => !NotMetrics.Contains(names[c], StringComparer.OrdinalIgnoreCase)).ToArray();
        if (metrics.Length == 0) throw new InvalidDataException($"{path}: expected a header with metric columns such as 'loss,val_loss', got '{csv.Header}'.");
        if (csv.Rows.Count == 0) throw new InvalidDataException($"{path}: no epochs after the header.");
        var series = metrics.ToDictionary(c => names[c], _ => new List<double>());
        foreach (var (line, cells) in csv.Rows)
        {
            foreach (int c in metrics)
            {
                string cell = cells[c];
                double value = cell.Length == 0 ? double.NaN
                    : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                    : throw new InvalidDataException($"{path}:{line}: column '{names[c]}': expected a number, got '{cell}'.");
                series[names[c]].Add(value);
            }
        }
        return series.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value);
    }

    /// <summary>The epoch (1-based) with the lowest <c>val_loss</c>, or <c>loss</c> when there is no validation loss.</summary>
    /// <param name="series">Metric series as <see cref="Read"/> returns them.</param>
    /// <returns>The best epoch, or <see langword="null"/> when there is no loss column or no finite value in it.</returns>
    public static int? BestEpoch(IReadOnlyDictionary<string, IReadOnlyList<double>> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var values = series.TryGetValue("val_loss", out var v) ? v : series.TryGetValue("loss", out var l) ? l : null;
        if (values is null || !values.Any(double.IsFinite)) return null;
        return values.Select((x, i) => (x, i)).Where(t => double.IsFinite(t.x)).MinBy(t => t.x).i + 1;
    }
}
