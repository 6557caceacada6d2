namespace DeepLearning.Torch.IO;

/// <summary>
/// A small comma-separated file as the library writes them (a header line, then rows of plain cells: no quoted commas):
/// the trimmed column names and each non-blank row's cells with its 1-based line number. Every row must have as many
/// cells as the header; errors name the file and the line.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string path, string header, string[] columns, List<(int Line, string[] Cells)> rows)
    {
        Path = path;
        Header = header;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The header line as written.</summary>
    public string Header { get; }

    /// <summary>Column names, trimmed and unquoted.</summary>
    public string[] Columns { get; }

    /// <summary>The data rows: line number and cells (trimmed and unquoted), blank lines skipped.</summary>
    public IReadOnlyList<(int Line, string[] Cells)> Rows { get; }

    /// <summary>Reads <paramref name="path"/>; <paramref name="what"/> names the file's kind in the not-found message.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty or a row has the wrong number of cells.</exception>
    public static CsvTable Read(string path, string what, string expectedHeader)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{what} '{path}' does not exist.", path);
        using var reader = new StreamReader(path);
        string? header;
        int line = 0;
        do
        {
            header = reader.ReadLine();
            line++;
        }
        while (header is not null && string.IsNullOrWhiteSpace(header));
        if (header is null) throw new InvalidDataException($"{path}: the file is empty; expected a header such as '{expectedHeader}'.");
        string[] columns = Cells(header);
        var rows = new List<(int, string[])>();
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var cells = Cells(text);
            if (cells.Length != columns.Length)
                throw new InvalidDataException($"{path}:{line}: expected {columns.Length} values, got {cells.Length}.");
            rows.Add((line, cells));
        }
        return new CsvTable(path, header, columns, rows);
    }

    private static string[] Cells(string line) => line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
}
