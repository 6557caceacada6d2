using System.Runtime.InteropServices;
using DeepLearning.Torch.Training.Core;

namespace DeepLearning.Torch.Training;

/// <summary>
/// Turns SIGTERM and SIGUSR1 (what Slurm sends before it preempts or requeues a job, <c>sbatch --signal</c>) into a
/// cancellation of <see cref="Trainer.Fit"/>: pass <see cref="Token"/> as its <c>cancellationToken</c>. Training then
/// stops at the next batch boundary with <see cref="StopReason.Cancelled"/>; the last epoch's checkpoint
/// (<c>ModelCheckpoint</c> without <c>SaveBestOnly</c>) is the point to resume from, and resuming repeats the
/// interrupted epoch, so the resumed run ends with the result of an uninterrupted one. The process should then exit
/// with <see cref="ExitCode"/>, which the scan runner reads as "preempted: requeue me".
/// The signals' default action (termination) is suppressed while this object lives. Windows has no such signals:
/// there the token is never cancelled by a signal.
/// </summary>
public sealed class PreemptionSignal : IDisposable
{
    /// <summary>Exit code of a process that stopped because of a preemption signal (75, <c>EX_TEMPFAIL</c>: try again).</summary>
    public const int ExitCode = 75;

    /// <summary>SIGUSR1 on Linux; .NET's <see cref="PosixSignal"/> has no name for it, raw numbers are accepted.</summary>
    private const int SigUsr1Linux = 10;

    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    /// <summary>Registers the handlers for SIGTERM and SIGUSR1 (on Linux; SIGTERM only on macOS).</summary>
    public PreemptionSignal()
    {
        if (OperatingSystem.IsWindows()) return;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        if (OperatingSystem.IsLinux()) _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigUsr1Linux, OnSignal));
    }

    /// <summary>Cancelled when a preemption signal arrives.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether a preemption signal arrived.</summary>
    public bool Received => _signal != 0;

    /// <summary>Name of the first signal received (<c>SIGTERM</c>, <c>SIGUSR1</c>), or null.</summary>
    public string? SignalName => _signal switch
    {
        0 => null,
        SigUsr1Linux => "SIGUSR1",
        _ => ((PosixSignal)_signal).ToString(),
    };

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;   // keep running: training stops itself at the next batch boundary
        Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0);
        _source.Cancel();
    }

    /// <summary>Unregisters the handlers; the signals terminate the process again.</summary>
    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _registrations.Clear();
        _source.Dispose();
    }
}
