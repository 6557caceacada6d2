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
            Thread.Sleep(garbage.LastCost * (1.5 / NativeGarbage.MaxShare) + TimeSpan.FromMilliseconds(1));
            garbage.AfterBatch();
            Assert.Equal(i, garbage.Collections);
        }
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
