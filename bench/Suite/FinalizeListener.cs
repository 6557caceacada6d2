using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace DeepLearning.Torch.Bench.Suite;

/// <summary>
/// Counts the objects the .NET runtime finalizes while it listens (the runtime's FinalizeObject events), in all and by
/// type: undisposed native wrappers (tensors, scalars, ...) freed by their finalizers instead of a dispose scope.
/// </summary>
internal sealed class FinalizeListener : EventListener
{
    private readonly ConcurrentDictionary<nint, int> _byType = new();
    private int _count;

    /// <summary>Objects finalized since the listener was created.</summary>
    internal int Count => Volatile.Read(ref _count);

    /// <summary>The <paramref name="top"/> most finalized types, "Name count" each, most first.</summary>
    internal IEnumerable<string> TopTypes(int top) => _byType.ToArray().OrderByDescending(p => p.Value).Take(top)
        .Select(p => $"{TypeName(p.Key)} {p.Value}");

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "FinalizeObject") return;
        Interlocked.Increment(ref _count);
        // The event's TypeID is the finalized object's method table, i.e. its runtime type handle.
        nint type = eventData.Payload is { Count: > 0 } payload
            ? payload[0] switch { nint p => p, ulong u => (nint)u, long l => (nint)l, _ => 0 }
            : 0;
        if (type != 0) _byType.AddOrUpdate(type, 1, (_, c) => c + 1);
    }

    private static string TypeName(nint typeId)
    {
        try
        {
            return Type.GetTypeFromHandle(RuntimeTypeHandle.FromIntPtr(typeId))?.FullName ?? $"type 0x{typeId:x}";
        }
        catch (ArgumentException)
        {
            return $"type 0x{typeId:x}";
        }
    }
}
