namespace DeepLearning.Torch.Scans;

/// <summary>
/// The program a scan runs once per task. Exactly one of <see cref="Example"/> (an example project of this repository,
/// resolved to its built assembly by the front end), <see cref="Dll"/> (a .NET assembly run with <c>dotnet</c>) or
/// <see cref="Executable"/> (any program) is set. The program must accept the seed, output-folder and resume options
/// named in <see cref="ScanSpec"/>, write its last checkpoint into the output folder and exit with 0 when done
/// (<see cref="Training.PreemptionSignal.ExitCode"/> when preempted).
/// </summary>
/// <param name="Example">Example name (e.g. <c>TopTagging</c>).</param>
/// <param name="Dll">Path of a .NET assembly, relative to the spec file.</param>
/// <param name="Executable">Path of an executable, relative to the spec file (or a name on PATH).</param>
public sealed record ScanProgram(string? Example = null, string? Dll = null, string? Executable = null)
{
    /// <summary>The command line prefix that starts the program: <c>dotnet X.dll</c> or the executable.</summary>
    /// <exception cref="InvalidOperationException">An example was not resolved, or not exactly one kind is set.</exception>
    public IReadOnlyList<string> Command()
    {
        int kinds = (Example is null ? 0 : 1) + (Dll is null ? 0 : 1) + (Executable is null ? 0 : 1);
        if (kinds != 1) throw new InvalidOperationException($"a scan program sets exactly one of example, dll, executable; this one sets {kinds}");
        if (Example is not null) throw new InvalidOperationException($"the example '{Example}' is not resolved to an assembly; resolve it with ScanSpec.WithProgram first");
        return Dll is not null ? [DotnetHost(), Dll] : [Executable!];
    }

    /// <summary>The <c>dotnet</c> host running this process when there is one, else <c>dotnet</c> from PATH.</summary>
    internal static string DotnetHost()
    {
        string? path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}
