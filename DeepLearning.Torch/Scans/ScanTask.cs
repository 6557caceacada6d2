namespace DeepLearning.Torch.Scans;

/// <summary>
/// One task of a scan: a configuration (option values) and a seed. <see cref="Id"/> is derived from the options and
/// the seed only (<see cref="ScanSpec.ConfigurationId"/>), so adding, removing or reordering values in the spec leaves
/// the ids, and so the output folders, of the other tasks unchanged.
/// </summary>
/// <param name="Index">Position in the expanded scan (the job-array index: <c>SLURM_ARRAY_TASK_ID</c>, <c>$(ProcId)</c>, <c>JOB_COMPLETION_INDEX</c>).</param>
/// <param name="Id">Stable id, <c>&lt;configuration id&gt;-s&lt;seed&gt;</c>.</param>
/// <param name="ConfigurationId">Stable id of the options without the seed (tasks that differ only in the seed share it).</param>
/// <param name="Options">Option name (as on the command line, e.g. <c>--batch-size</c>) to value; an empty value is a flag.</param>
/// <param name="Seed">The seed.</param>
public sealed record ScanTask(int Index, string Id, string ConfigurationId, IReadOnlyDictionary<string, string> Options, long Seed)
{
    /// <summary>The options as one readable line, e.g. <c>--batch-size 64 --model dnn</c>.</summary>
    public string OptionsText => string.Join(" ", Options.Select(o => o.Value.Length == 0 ? o.Key : $"{o.Key} {o.Value}"));
}
