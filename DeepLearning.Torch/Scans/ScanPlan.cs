using System.Text.Json;
using DeepLearning.Torch.IO;

namespace DeepLearning.Torch.Scans;

/// <summary>
/// A scan laid out in its folder: <c>plan.json</c> (the spec as run, program resolved, and the tasks),
/// <c>tasks/&lt;id&gt;/</c> per task (the program's output folder, <c>task.log</c>, <c>attempts.json</c> and, once the
/// program exited with 0, <c>done.json</c>), <c>slurm/</c>, <c>condor/</c>, <c>kubernetes/</c> for the batch files,
/// and <c>report.md</c>, <c>scan.json</c> and the figures after a merge.
/// </summary>
public sealed class ScanPlan
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals
    };

    private ScanPlan(string directory, ScanSpec spec, IReadOnlyList<ScanTask> tasks)
    {
        Directory = directory;
        Spec = spec;
        Tasks = tasks;
    }

    /// <summary>The scan folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>The spec as run.</summary>
    public ScanSpec Spec { get; }

    /// <summary>The tasks, in job-array order.</summary>
    public IReadOnlyList<ScanTask> Tasks { get; }

    /// <summary>
    /// Expands <paramref name="spec"/> into <paramref name="directory"/>. When the folder already holds a plan, the new
    /// one must have the same tasks (ids and order), so that a scan run again continues instead of mixing two scans.
    /// </summary>
    /// <param name="spec">The spec, program resolved.</param>
    /// <param name="directory">The scan folder; created if needed.</param>
    public static ScanPlan Create(ScanSpec spec, string directory)
    {
        _ = spec.Program.Command();   // refuses an unresolved example before anything is written
        string dir = Path.GetFullPath(directory);
        var plan = new ScanPlan(dir, spec, spec.Expand());
        string path = Path.Combine(dir, "plan.json");
        if (File.Exists(path))
        {
            var old = Load(dir);
            var oldIds = old.Tasks.Select(t => t.Id).ToList();
            var newIds = plan.Tasks.Select(t => t.Id).ToList();
            if (!oldIds.SequenceEqual(newIds))
                throw new InvalidOperationException($"{path} holds another scan (tasks {string.Join(", ", oldIds)}; this spec gives {string.Join(", ", newIds)}); use another --out folder");
        }
        System.IO.Directory.CreateDirectory(dir);
        AtomicFile.Write(path, JsonSerializer.Serialize(new PlanFile(spec, plan.Tasks.Select(t => new TaskEntry(t.Index, t.Id, t.ConfigurationId, t.Options, t.Seed)).ToList()), Json), "scan plan", createDirectory: true);
        return plan;
    }

    /// <summary>Reads the plan of a scan folder.</summary>
    /// <param name="directory">The scan folder.</param>
    public static ScanPlan Load(string directory)
    {
        string dir = Path.GetFullPath(directory);
        string path = Path.Combine(dir, "plan.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"{dir} is not a scan folder: {path} does not exist (start it with 'run SPEC --out {directory}')", path);
        PlanFile file;
        try
        {
            file = JsonSerializer.Deserialize<PlanFile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a scan plan: {e.Message}", e);
        }
        return new ScanPlan(dir, file.Spec, file.Tasks.Select(t => new ScanTask(t.Index, t.Id, t.ConfigurationId, t.Options, t.Seed)).ToList());
    }

    /// <summary>The task with array index <paramref name="index"/>.</summary>
    /// <param name="index">0-based index.</param>
    public ScanTask Task(int index) => index >= 0 && index < Tasks.Count ? Tasks[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"scan {Directory} has tasks 0..{Tasks.Count - 1}");

    /// <summary>The task's folder (also the program's output folder).</summary>
    /// <param name="task">The task.</param>
    public string TaskFolder(ScanTask task) => Path.Combine(Directory, "tasks", task.Id);

    /// <summary>Whether the task finished (its program exited with 0).</summary>
    /// <param name="task">The task.</param>
    public bool IsDone(ScanTask task) => File.Exists(Path.Combine(TaskFolder(task), "done.json"));

    /// <summary>The attempts recorded for the task (each run of it, including preempted ones).</summary>
    /// <param name="task">The task.</param>
    public IReadOnlyList<TaskAttempt> Attempts(ScanTask task)
    {
        string path = Path.Combine(TaskFolder(task), "attempts.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<List<TaskAttempt>>(File.ReadAllText(path), Json) ?? [] : [];
    }

    internal void WriteAttempts(ScanTask task, IReadOnlyList<TaskAttempt> attempts) =>
        AtomicFile.Write(Path.Combine(TaskFolder(task), "attempts.json"), JsonSerializer.Serialize(attempts, Json), "task attempts", createDirectory: true);

    private sealed record PlanFile(ScanSpec Spec, List<TaskEntry> Tasks);

    private sealed record TaskEntry(int Index, string Id, string ConfigurationId, IReadOnlyDictionary<string, string> Options, long Seed);
}
