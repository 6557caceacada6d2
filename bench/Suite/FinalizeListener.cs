using System.Diagnostics.Tracing;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Counts the objects the .NET runtime finalizes while it listens (the runtime's FinalizeObject events): undisposed
/// native wrappers (tensors, scalars, ...) freed by their finalizers instead of a dispose scope.
/// </summary>
internal sealed class FinalizeListener : EventListener
{
    private int _count;

    /// <summary>Objects finalized since the listener was created.</summary>
    internal int Count => Volatile.Read(ref _count);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName == "FinalizeObject") Interlocked.Increment(ref _count);
    }
}
