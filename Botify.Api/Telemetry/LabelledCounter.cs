using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Botify.Api.Telemetry;

/// <summary>
/// A counter per value of one label, read by an OpenTelemetry <see cref="ObservableCounter{T}"/> at scrape
/// time. Counting is one dictionary read and one interlocked add (the values — sources, reasons — are a
/// handful of constant strings), and tests and health can read a count in-process.
/// </summary>
internal sealed class LabelledCounter(string label)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Add(string value) => Interlocked.Increment(ref _counts.GetOrAdd(value, static _ => new StrongBox<long>()).Value);

    public long Count(string value) => _counts.TryGetValue(value, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (value, box) in _counts)
        {
            yield return new Measurement<long>(Interlocked.Read(ref box.Value), new KeyValuePair<string, object?>(label, value));
        }
    }
}
