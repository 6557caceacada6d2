using System.CommandLine;
using DeepLearning.Examples.Scan;
using DeepLearning.Torch.Scans;

var spec = new Argument<string>("spec") { Description = "Scan spec (JSON), e.g. examples/Scan/specs/smoke.json" };
var backend = new Option<string>("--backend") { Description = "local (one task at a time here) or slurm (one job array)", DefaultValueFactory = _ => "local" };
backend.AcceptOnlyFromAmong("local", "slurm");
var output = new Option<string>("--out") { Description = "Scan folder", Required = true };
var run = new Command("run", "Expand the spec into tasks and run them (local) or submit them (slurm); finished tasks are skipped") { spec, backend, output };
run.SetAction(r => Guard(() => ScanCommands.Run(r.GetValue(spec)!, r.GetValue(backend)!, r.GetValue(output)!)));

var dir = new Argument<string>("dir") { Description = "Scan folder" };
var status = new Command("status", "Print the state of every task") { dir };
status.SetAction(r => Guard(() => ScanCommands.Status(r.GetValue(dir)!)));
var merge = new Command("merge", "Write DIR/report.md and DIR/scan.json over the finished tasks") { dir };
merge.SetAction(r => Guard(() => ScanCommands.Merge(r.GetValue(dir)!)));

var index = new Argument<int?>("index") { Description = "Task index (default: SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or SCAN_TASK_INDEX)", Arity = ArgumentArity.ZeroOrOne };
var task = new Command("task", "Run one task (what each job-array element runs)") { dir, index };
task.SetAction(r => Guard(() => ScanCommands.Task(r.GetValue(dir)!, r.GetValue(index))));

var root = new RootCommand("Hyper-parameter scans and seed ensembles of the examples or your own program, here or on Slurm") { run, status, merge, task };
return root.Parse(args).Invoke();

static int Guard(Func<int> body)
{
    try
    {
        return body();
    }
    catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException)
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
}
