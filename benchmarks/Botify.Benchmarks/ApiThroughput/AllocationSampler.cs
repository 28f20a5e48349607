using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>Samples the runtime's AllocationTick events (one per ~100 KB allocated) by type, to see what a phase allocates.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    public bool Recording { get; set; } = true;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Recording || eventData.EventName is not "GCAllocationTick_V4" and not "GCAllocationTick_V3" || eventData.Payload is null)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        var type = (string?)eventData.Payload[names.IndexOf("TypeName")] ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, old) => old + amount);
    }

    public IEnumerable<(string Type, long Bytes)> Top(int n) => _bytes.OrderByDescending(p => p.Value).Take(n).Select(p => (p.Key, p.Value));

    public void Clear() => _bytes.Clear();
}
