using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeepLearning.Torch.Scans;

/// <summary>
/// A hyper-parameter scan or seed ensemble, read from JSON (<see cref="Load"/>):
/// <code>
/// {
///   "name": "smoke",
///   "program": { "example": "TopTagging" },            // or { "dll": "path.dll" } or { "executable": "path" }
///   "arguments": ["--epochs", "3", "--quiet"],           // the same for every task
///   "lists": [ { "--model": "dnn" }, { "--model": "cnn", "--batch-size": 64 } ],   // explicit configurations
///   "grid": { "--batch-size": [64, 128] },               // every combination (cartesian product)
///   "seeds": [1, 2],
///   "environment": { "OMP_NUM_THREADS": "1" },
///   "resources": { "cpus": 1, "memoryMb": 2048, "time": "00:30:00", "maxConcurrent": 1 }
/// }
/// </code>
/// Configurations are every list entry combined with every grid point (a grid value overrides a list value of the same
/// option); tasks are every configuration with every seed. A value <c>true</c> is a flag without value.
/// </summary>
public sealed record ScanSpec
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Name of the scan (used in reports and job names).</summary>
    public string Name { get; init; } = "scan";

    /// <summary>The program each task runs.</summary>
    public required ScanProgram Program { get; init; }

    /// <summary>Arguments every task passes before its own options.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Explicit configurations (option to value); default one empty configuration.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Lists { get; init; } = [];

    /// <summary>Options with lists of values; every combination is a configuration.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Grid { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Seeds; every configuration runs once per seed (default: one seed, 42).</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [42];

    /// <summary>Option passing the seed (default <c>--seed</c>).</summary>
    public string SeedOption { get; init; } = "--seed";

    /// <summary>Option passing the task's output folder (default <c>--out</c>).</summary>
    public string OutOption { get; init; } = "--out";

    /// <summary>Option passing the checkpoint to resume from (default <c>--resume</c>).</summary>
    public string ResumeOption { get; init; } = "--resume";

    /// <summary>File, in the task's output folder, that the program checkpoints to after every epoch (default <c>last.ckpt</c>).</summary>
    public string Checkpoint { get; init; } = "last.ckpt";

    /// <summary>Environment variables set for every task (e.g. <c>OMP_NUM_THREADS</c>: results are bitwise repeatable only with the same thread count).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Resources per task for the batch systems.</summary>
    public ScanResources Resources { get; init; } = new();

    /// <summary>Reads and checks a spec; errors name the file and the entry at fault.</summary>
    /// <param name="path">JSON file.</param>
    public static ScanSpec Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"scan spec {path} does not exist", path);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"scan spec {path}: not valid JSON: {e.Message}", e);
        }
        return FromJson(root, path);
    }

    /// <summary>Parses a spec from JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">File name or description for error messages.</param>
    public static ScanSpec Parse(string json, string source = "scan spec") =>
        FromJson(JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement, source);

    private static ScanSpec FromJson(JsonElement root, string source)
    {
        string Where(string key) => $"scan spec {source}: '{key}'";
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"scan spec {source}: the top level must be an object");
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "name", "program", "arguments", "lists", "grid", "seeds", "seedOption", "outOption", "resumeOption", "checkpoint", "environment", "resources" };
        foreach (var p in root.EnumerateObject())
        {
            if (!known.Contains(p.Name)) throw new InvalidDataException($"{Where(p.Name)} is not a scan spec entry; known: {string.Join(", ", known)}");
        }
        JsonElement? Get(string key) => root.EnumerateObject().Where(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

        var program = Get("program") is { } prog ? prog.Deserialize<ScanProgram>(Json) : null;
        if (program is null || (program.Example is null ? 0 : 1) + (program.Dll is null ? 0 : 1) + (program.Executable is null ? 0 : 1) != 1)
            throw new InvalidDataException($"{Where("program")} must set exactly one of example, dll, executable");
        string dir = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
        if (program.Dll is not null) program = program with { Dll = Path.GetFullPath(program.Dll, dir) };
        if (program.Executable is not null && program.Executable.Contains('/')) program = program with { Executable = Path.GetFullPath(program.Executable, dir) };

        var lists = new List<IReadOnlyDictionary<string, string>>();
        if (Get("lists") is { } l)
        {
            if (l.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{Where("lists")} must be an array of objects");
            int i = 0;
            foreach (var entry in l.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{Where($"lists[{i}]")} must be an object of option: value");
                lists.Add(entry.EnumerateObject().ToDictionary(p => CheckOption(p.Name, $"{Where($"lists[{i}]")}"), p => Value(p.Value, $"{Where($"lists[{i}].{p.Name}")}")));
                i++;
            }
        }
        var grid = new Dictionary<string, IReadOnlyList<string>>();
        if (Get("grid") is { } g)
        {
            if (g.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{Where("grid")} must be an object of option: [values]");
            foreach (var p in g.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Array || p.Value.GetArrayLength() == 0)
                    throw new InvalidDataException($"{Where($"grid.{p.Name}")} must be a non-empty array of values");
                var values = p.Value.EnumerateArray().Select(v => Value(v, Where($"grid.{p.Name}"))).ToList();
                if (values.Distinct().Count() != values.Count) throw new InvalidDataException($"{Where($"grid.{p.Name}")} lists a value twice");
                grid[CheckOption(p.Name, Where("grid"))] = values;
            }
        }
        var seeds = new List<long>();
        if (Get("seeds") is { } s)
        {
            if (s.ValueKind != JsonValueKind.Array || s.GetArrayLength() == 0 || s.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out _)))
                throw new InvalidDataException($"{Where("seeds")} must be a non-empty array of integers");
            seeds.AddRange(s.EnumerateArray().Select(v => v.GetInt64()));
            if (seeds.Distinct().Count() != seeds.Count) throw new InvalidDataException($"{Where("seeds")} lists a seed twice");
        }
        string Text(string key, string fallback) => Get(key) is { } v ? (v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0 ? v.GetString()! : throw new InvalidDataException($"{Where(key)} must be a non-empty string")) : fallback;
        var spec = new ScanSpec
        {
            Name = Text("name", "scan"),
            Program = program,
            Arguments = Get("arguments") is { } a ? a.EnumerateArray().Select(v => Value(v, Where("arguments"))).ToList() : [],
            Lists = lists,
            Grid = grid,
            Seeds = seeds.Count > 0 ? seeds : [42],
            SeedOption = Text("seedOption", "--seed"),
            OutOption = Text("outOption", "--out"),
            ResumeOption = Text("resumeOption", "--resume"),
            Checkpoint = Text("checkpoint", "last.ckpt"),
            Environment = Get("environment") is { } e ? e.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value, Where($"environment.{p.Name}"))) : new Dictionary<string, string>(),
            Resources = Get("resources") is { } r ? r.Deserialize<ScanResources>(Json) ?? new() : new(),
        };
        foreach (var option in spec.Lists.SelectMany(c => c.Keys).Concat(spec.Grid.Keys))
        {
            if (option == spec.SeedOption || option == spec.OutOption || option == spec.ResumeOption)
                throw new InvalidDataException($"{Where(option)}: the scan sets {option} itself; list seeds under 'seeds'");
        }
        if (spec.Resources.Cpus < 1 || spec.Resources.MemoryMb < 1 || spec.Resources.MaxConcurrent is < 1 || spec.Resources.Gpus < 0)
            throw new InvalidDataException($"{Where("resources")}: cpus, memoryMb and maxConcurrent must be at least 1, gpus at least 0");
        return spec;
    }

    /// <summary>The spec with another program (e.g. an example resolved to its assembly).</summary>
    /// <param name="program">The program.</param>
    public ScanSpec WithProgram(ScanProgram program) => this with { Program = program };

    /// <summary>The configurations: every list entry with every grid point, options sorted by name.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Configurations()
    {
        IEnumerable<SortedDictionary<string, string>> points = [new SortedDictionary<string, string>(StringComparer.Ordinal)];
        foreach (var (option, values) in Grid)
        {
            points = points.SelectMany(p => values.Select(v => new SortedDictionary<string, string>(p, StringComparer.Ordinal) { [option] = v })).ToList();
        }
        var bases = Lists.Count > 0 ? Lists : [new Dictionary<string, string>()];
        var result = new List<IReadOnlyDictionary<string, string>>();
        foreach (var b in bases)
        {
            foreach (var p in points)
            {
                var c = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in b) c[k] = v;
                foreach (var (k, v) in p) c[k] = v;
                result.Add(c);
            }
        }
        var ids = result.Select(ConfigurationId).ToList();
        var twice = ids.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new InvalidDataException($"scan spec '{Name}': two configurations have the same options ({((ScanTask)new(0, "", "", result[ids.IndexOf(twice.Key)], 0)).OptionsText}); remove the duplicate");
        return result;
    }

    /// <summary>The tasks: every configuration with every seed, numbered in that order.</summary>
    public IReadOnlyList<ScanTask> Expand()
    {
        var tasks = new List<ScanTask>();
        foreach (var c in Configurations())
        {
            string config = ConfigurationId(c);
            foreach (long seed in Seeds) tasks.Add(new ScanTask(tasks.Count, $"{config}-s{seed.ToString(CultureInfo.InvariantCulture)}", config, c, seed));
        }
        return tasks;
    }

    /// <summary>
    /// Stable id of a configuration: the first 10 hex digits of the SHA-256 of its options (sorted by name,
    /// <c>name=value</c> lines), so it depends on the option values only, never on their order in the spec.
    /// </summary>
    /// <param name="options">Option to value.</param>
    public static string ConfigurationId(IReadOnlyDictionary<string, string> options)
    {
        var text = new StringBuilder();
        foreach (var (k, v) in options.OrderBy(o => o.Key, StringComparer.Ordinal)) text.Append(k).Append('=').Append(v).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..10];
    }

    private static string CheckOption(string name, string where) =>
        name.Length > 0 && !name.Any(char.IsWhiteSpace) ? name : throw new InvalidDataException($"{where}: option name '{name}' is empty or holds white space");

    private static string Value(JsonElement v, string where) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "",
        _ => throw new InvalidDataException($"{where}: a value must be a string, a number or true (a flag); got {v.ValueKind}"),
    };
}
