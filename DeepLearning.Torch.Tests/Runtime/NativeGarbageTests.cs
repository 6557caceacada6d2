using System.Diagnostics;
using System.Runtime.CompilerServices;
using DeepLearning.Torch.Runtime;
using Xunit;

namespace DeepLearning.Torch.Tests.Runtime;

public class NativeGarbageTests
{
    [Fact]
    public void AfterBatch_FirstCall_RunsTheFinalizersOfWhatTheBatchLeft()
    {
        var finalized = new StrongBox<int>();
        LeaveFinalizable(finalized, 100);
        var garbage = new NativeGarbage();
        garbage.AfterBatch();
        Assert.Equal(1, garbage.Collections);
        Assert.Equal(100, Volatile.Read(ref finalized.Value));
    }

    [Fact]
    public void AfterBatch_BackToBackCalls_CollectOnlyOncePerHundredTimesTheCost()
    {
        var garbage = new NativeGarbage();
        for (int i = 0; i < 1000; i++) garbage.AfterBatch();
        // 1,000 calls take far less than 100 collections' time: only the first and a few after it collect.
        Assert.InRange(garbage.Collections, 1, 50);
    }

    [Fact]
    public void AfterBatch_AfterABatchLongerThanTheBudget_CollectsAgain()
    {
        var garbage = new NativeGarbage();
        garbage.AfterBatch();
        for (int i = 2; i <= 3; i++)
        {
            Thread.Sleep(garbage.TypicalCost * (1.5 / NativeGarbage.MaxShare) + TimeSpan.FromMilliseconds(1));
            garbage.AfterBatch();
            Assert.Equal(i, garbage.Collections);
        }
    }

    [Fact]
    public void AfterBatch_OneSlowCollection_DoesNotStretchTheInterval()
    {
        // Clock readings: one before each call, one more after each collection.
        var garbage = new NativeGarbage(ClockInMicroseconds(0, 100, 20_100, 21_100, 41_200, 41_300, 45_000));
        garbage.AfterBatch(); // collects, 0.1 ms
        garbage.AfterBatch(); // 20 ms later: collects, 1 ms (the machine was busy)
        Assert.Equal(TimeSpan.FromMicroseconds(100), garbage.TypicalCost);
        garbage.AfterBatch(); // 20.1 ms later: collects (measured by the last cost it would wait 100 ms)
        Assert.Equal(3, garbage.Collections);
        garbage.AfterBatch(); // 3.7 ms later: within the budget's interval
        Assert.Equal(3, garbage.Collections);
    }

    [Fact]
    public void AfterBatch_CostsThatStayHigh_StretchTheIntervalUpToTheMaximum()
    {
        // Costs of 0.1, 0.4 and 0.4 ms: the median is 0.4 ms, the budget's interval 40 ms.
        var garbage = new NativeGarbage(ClockInMicroseconds(0, 100, 30_100, 30_500, 61_000, 61_400, 90_000, 101_600, 101_601));
        garbage.AfterBatch();
        garbage.AfterBatch();
        garbage.AfterBatch();
        Assert.Equal(TimeSpan.FromMicroseconds(400), garbage.TypicalCost);
        garbage.AfterBatch(); // 28.6 ms later: skipped
        Assert.Equal(3, garbage.Collections);
        garbage.AfterBatch(); // 40.2 ms later: collects
        Assert.Equal(4, garbage.Collections);
    }

    [Fact]
    public void AfterBatch_CostlyCollections_StillCollectAfterTheMaximumInterval()
    {
        // A collection costs 5 ms: the budget's interval would be 500 ms.
        var garbage = new NativeGarbage(Clock(0, 5, 56, 61, 100, 112, 117));
        garbage.AfterBatch();
        garbage.AfterBatch(); // 51 ms later: collects
        Assert.Equal(TimeSpan.FromMilliseconds(5), garbage.TypicalCost);
        garbage.AfterBatch(); // 39 ms later: skipped
        Assert.Equal(2, garbage.Collections);
        garbage.AfterBatch(); // 51 ms later: collects
        Assert.Equal(3, garbage.Collections);
    }

    private static Func<long> Clock(params long[] milliseconds) => ClockInMicroseconds([.. milliseconds.Select(ms => ms * 1000)]);

    private static Func<long> ClockInMicroseconds(params long[] microseconds)
    {
        var readings = new Queue<long>(microseconds.Select(us => us * Stopwatch.Frequency / 1_000_000));
        return readings.Dequeue;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LeaveFinalizable(StrongBox<int> counter, int count)
    {
        for (int i = 0; i < count; i++) _ = new Finalizable(counter);
    }

    private sealed class Finalizable(StrongBox<int> counter)
    {
        ~Finalizable() => Interlocked.Increment(ref counter.Value);
    }
}
