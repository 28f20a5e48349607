using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Polly.CircuitBreaker;

namespace Botify.Api.Telemetry;

/// <summary>
/// The service's counters, rendered in the Prometheus text format at <c>/metrics</c>: calls per
/// method, replies per source, fallbacks per reason, rejected requests, the index circuit's state.
/// </summary>
internal sealed class ApiMetrics
{
    private readonly ConcurrentDictionary<(string Metric, string Label), StrongBox<long>> _counters = new();
    private int _circuitState;
    private long _circuitOpenings;

    public Func<(long Accepted, long Written, int Queued, int Files)>? EventLogStats { get; set; }

    public CircuitState CircuitState => (CircuitState)Volatile.Read(ref _circuitState);

    public long Count(string metric, string label) => _counters.TryGetValue((metric, label), out var box) ? Volatile.Read(ref box.Value) : 0;

    public void Request(string method) => Add("botify_api_requests_total", method);

    public void Served(string source) => Add("botify_api_recommendations_total", source);

    public void Fallback(string reason) => Add("botify_api_fallbacks_total", reason);

    public void Rejected(string reason) => Add("botify_api_rejected_total", reason);

    public void SetCircuitState(CircuitState state)
    {
        Volatile.Write(ref _circuitState, (int)state);
        if (state == CircuitState.Open)
        {
            Interlocked.Increment(ref _circuitOpenings);
        }
    }

    public string RenderPrometheus()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        foreach (var group in _counters.GroupBy(pair => pair.Key.Metric).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var label = group.Key switch
            {
                "botify_api_requests_total" => "method",
                "botify_api_recommendations_total" => "source",
                "botify_api_fallbacks_total" => "reason",
                _ => "reason",
            };
            text.Append(invariant, $"# TYPE {group.Key} counter\n");
            foreach (var pair in group.OrderBy(p => p.Key.Label, StringComparer.Ordinal))
            {
                text.Append(invariant, $"{group.Key}{{{label}=\"{pair.Key.Label}\"}} {Volatile.Read(ref pair.Value.Value)}\n");
            }
        }

        text.Append("# HELP botify_api_index_circuit_state 0 closed, 1 open, 2 half-open, 3 isolated\n# TYPE botify_api_index_circuit_state gauge\n");
        text.Append(invariant, $"botify_api_index_circuit_state {Volatile.Read(ref _circuitState)}\n");
        text.Append(invariant, $"# TYPE botify_api_index_circuit_openings_total counter\nbotify_api_index_circuit_openings_total {Interlocked.Read(ref _circuitOpenings)}\n");
        if (EventLogStats?.Invoke() is { } log)
        {
            text.Append(invariant, $"# TYPE botify_api_events_accepted_total counter\nbotify_api_events_accepted_total {log.Accepted}\n");
            text.Append(invariant, $"# TYPE botify_api_events_written_total counter\nbotify_api_events_written_total {log.Written}\n");
            text.Append(invariant, $"# TYPE botify_api_events_queued gauge\nbotify_api_events_queued {log.Queued}\n");
            text.Append(invariant, $"# TYPE botify_api_event_files_total counter\nbotify_api_event_files_total {log.Files}\n");
        }

        return text.ToString();
    }

    private void Add(string metric, string label) =>
        Interlocked.Increment(ref _counters.GetOrAdd((metric, label), static _ => new StrongBox<long>()).Value);
}
