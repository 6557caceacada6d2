using System.Diagnostics;

namespace DeepLearning.Torch.Runtime;

/// <summary>
/// Frees the native objects that TorchSharp releases only in finalizers: the implicit scalars made for every tensor
/// operation on a number (<c>x.mul(2)</c>, <c>masked_fill(m, -inf)</c>) and inside the optimizers' steps. A batch loop
/// allocates too little managed memory to start a collection, so without one they pile up; each holds a small native
/// allocation carved out of the heap between a batch's large tensors, and glibc's heap then grows with every batch
/// (about 30 MiB a batch for ParticleNet at batch 128, while the live-tensor count stays constant). Counted by type,
/// a ParticleNet batch leaves about 330 <c>TorchSharp.Scalar</c>s and 60 pinned arrays to the finalizer.
/// One instance per batch loop (a training run, an evaluation, a prediction).
/// </summary>
internal sealed class NativeGarbage
{
    /// <summary>The largest share of a loop's time that the collections may take.</summary>
    internal const double MaxShare = 0.01;

    private long _lastEnd;
    private long _lastCost;

    /// <summary>How long the last collection took (zero before the first).</summary>
    internal TimeSpan LastCost => Stopwatch.GetElapsedTime(0, _lastCost);

    /// <summary>Collections made so far.</summary>
    internal int Collections { get; private set; }

    /// <summary>
    /// After a batch: a youngest-generation collection (the scalars are young when the batch ends), then a wait for their
    /// finalizers, so that they are freed before the next batch allocates and their memory is reused rather than left as
    /// holes between that batch's tensors (without the wait ParticleNet's resident memory still crept by about 17 MiB an
    /// epoch). The collections may take at most <see cref="MaxShare"/> of the loop's time: after a batch shorter than
    /// 1 / <see cref="MaxShare"/> times the last collection's cost this returns at once, until that much time has passed
    /// since the last one. Set-model batches are long enough to collect after each; a small dense network's at batch 32,
    /// where a collection after each batch would cost several percent of the step, collects after every few.
    /// </summary>
    public void AfterBatch()
    {
        long now = Stopwatch.GetTimestamp();
        if (Collections > 0 && (now - _lastEnd) * MaxShare < _lastCost) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        _lastEnd = Stopwatch.GetTimestamp();
        _lastCost = _lastEnd - now;
        Collections++;
    }
}
