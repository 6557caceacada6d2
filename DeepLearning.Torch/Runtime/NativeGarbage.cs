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

    /// <summary>
    /// The longest a loop goes without a collection, whatever the budget says. Where batches take about 100 times a
    /// collection's cost (set models), the budget alone would skip a batch now and then, and each skipped batch leaves its
    /// scalars between the next batch's tensors. At most 20 collections a second: a loop whose batches are shorter than
    /// this collects only as often as the budget allows.
    /// </summary>
    internal static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How many of the latest collections' costs <see cref="TypicalCost"/> is the median of.</summary>
    internal const int CostWindow = 8;

    private static readonly long MaxIntervalTicks = (long)(MaxInterval.TotalSeconds * Stopwatch.Frequency);

    private readonly Func<long> _clock;
    private readonly long[] _costs = new long[CostWindow];
    private long _lastEnd;
    private long _typicalCost;

    /// <summary>A loop's collections, timed by <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public NativeGarbage()
        : this(Stopwatch.GetTimestamp)
    {
    }

    /// <summary>Collections timed by <paramref name="clock"/>, in <see cref="Stopwatch"/> ticks (tests set the time).</summary>
    internal NativeGarbage(Func<long> clock) => _clock = clock;

    /// <summary>
    /// The median cost of the latest <see cref="CostWindow"/> collections (the lower one of an even count; zero before the
    /// first). The budget's measure: one collection that a busy machine stretched tenfold does not stop the collections for
    /// the next second.
    /// </summary>
    internal TimeSpan TypicalCost => Stopwatch.GetElapsedTime(0, _typicalCost);

    /// <summary>Collections made so far.</summary>
    internal int Collections { get; private set; }

    /// <summary>
    /// After a batch: a youngest-generation collection (the scalars are young when the batch ends), then a wait for their
    /// finalizers, so that they are freed before the next batch allocates and their memory is reused rather than left as
    /// holes between that batch's tensors (without the wait ParticleNet's resident memory still crept by about 17 MiB an
    /// epoch). The collections may take about <see cref="MaxShare"/> of the loop's time: until 1 / <see cref="MaxShare"/>
    /// times the <see cref="TypicalCost"/> or <see cref="MaxInterval"/>, whichever is shorter, has passed since the last one,
    /// this returns at once. Set-model batches are long enough to collect after each; a small dense network's at batch 32,
    /// where a collection after each batch would cost several percent of the step, collects after every few.
    /// </summary>
    public void AfterBatch()
    {
        long now = _clock();
        long since = now - _lastEnd;
        if (Collections > 0 && since < MaxIntervalTicks && since * MaxShare < _typicalCost) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        _lastEnd = _clock();
        _costs[Collections % CostWindow] = _lastEnd - now;
        Collections++;
        _typicalCost = LowerMedian(_costs.AsSpan(0, Math.Min(Collections, CostWindow)));
    }

    private static long LowerMedian(ReadOnlySpan<long> values)
    {
        Span<long> sorted = stackalloc long[values.Length];
        values.CopyTo(sorted);
        sorted.Sort();
        return sorted[(sorted.Length - 1) / 2];
    }
}
