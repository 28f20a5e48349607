using System.Diagnostics;
using System.Diagnostics.Metrics;
using Botify.Api.EventLog;
using Botify.Api.Sessions;
using Polly.CircuitBreaker;

namespace Botify.Api.Telemetry;

/// <summary>
/// The service's OpenTelemetry instruments, created once on the host's <see cref="IMeterFactory"/> and
/// scraped in the Prometheus format at <c>/metrics</c> (names there: dots become underscores, seconds get
/// <c>_seconds</c>, counters <c>_total</c>). Histograms go through OpenTelemetry on the call; counters and
/// gauges are plain interlocked fields that OpenTelemetry reads at scrape time, so a call adds no work for them.
/// </summary>
internal sealed class ApiMetrics
{
    public const string MeterName = "Botify.Api";

    /// <summary>Seconds, 100 µs to 1 s: a Next answered from a warm index takes about 0.5 ms, p99 under load ~10 ms, the index client gives up at 120 ms.</summary>
    internal static readonly double[] RequestBounds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    /// <summary>Seconds, 1 µs to 100 ms: the memory store answers in about a microsecond, Redis in a round trip (~0.1–1 ms).</summary>
    internal static readonly double[] SessionStoreBounds = [0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    private static readonly string[] MethodLabels = ["Next", "Last", "GetTrack", "POST /next/{user}", "POST /last/{user}", "GET /track/{track}"];

    /// <summary>Tags of the session-store histogram per [store, operation], made once.</summary>
    private static readonly KeyValuePair<string, object?>[][][] SessionStoreTags =
    [
        [Tags("memory", "update"), Tags("memory", "reset")],
        [Tags("redis", "update"), Tags("redis", "reset")],
    ];

    private readonly long[] _requests = new long[MethodLabels.Length];
    private readonly LabelledCounter _served = new("source");
    private readonly LabelledCounter _fallbacks = new("reason");
    private readonly LabelledCounter _rejected = new("reason");
    private readonly LabelledCounter _indexProtocolErrors = new("error.type");
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _sessionStoreDuration;
    private int _circuitState;
    private long _circuitOpenings;

    public ApiMetrics(IMeterFactory meters, EventLogWriter eventLog)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(eventLog);
        var meter = meters.Create(MeterName);
        _requestDuration = meter.CreateHistogram(
            "botify.api.request.duration",
            "s",
            "Time from a request's arrival at Botify's handler to its reply, per method and treatment (GetTrack has none)",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBounds });
        _sessionStoreDuration = meter.CreateHistogram(
            "botify.api.session_store.duration",
            "s",
            "Time of one session-store call (update: read, fatigue rules, write; reset: on Last), per store and operation",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = SessionStoreBounds });
        meter.CreateObservableCounter("botify.api.requests", ObserveRequests, "{request}", "Accepted requests (valid input) per method");
        meter.CreateObservableCounter("botify.api.recommendations", _served.Observe, "{recommendation}", "Next replies per source (the treatment's recommender or a fallback)");
        meter.CreateObservableCounter("botify.api.fallbacks", _fallbacks.Observe, "{recommendation}", "Next replies served by the fallback, per reason");
        meter.CreateObservableCounter("botify.api.rejected", _rejected.Observe, "{request}", "Requests refused for bad input, per reason");
        meter.CreateObservableCounter("botify.api.index.protocol_errors", _indexProtocolErrors.Observe, "{error}", "Index calls answered in a way only a wrong index answers (UNIMPLEMENTED for Search, not HTTP/2 gRPC), per error.type");
        meter.CreateObservableGauge("botify.api.index.circuit_state", () => Volatile.Read(ref _circuitState), description: "The index client's circuit: 0 closed, 1 open, 2 half-open, 3 isolated");
        meter.CreateObservableCounter("botify.api.index.circuit_openings", () => Interlocked.Read(ref _circuitOpenings), "{opening}", "Times the index client's circuit opened");
        meter.CreateObservableGauge("botify.api.events.queued", () => eventLog.Queued, "{event}", "Events accepted but not yet written: the event log's queue depth");
        meter.CreateObservableCounter("botify.api.events.accepted", () => eventLog.Accepted, "{event}", "Events handed to the event log");
        meter.CreateObservableCounter("botify.api.events.written", () => eventLog.Written, "{event}", "Events written to the event log's files");
        meter.CreateObservableCounter("botify.api.event_files", () => eventLog.Files, "{file}", "Event-log files opened (rotation)");
    }

    public CircuitState CircuitState => (CircuitState)Volatile.Read(ref _circuitState);

    /// <summary>A counter's value by its Prometheus name and label value, for tests and diagnostics.</summary>
    public long Count(string metric, string label) => metric switch
    {
        "botify_api_requests_total" => Array.IndexOf(MethodLabels, label) is var i and >= 0 ? Interlocked.Read(ref _requests[i]) : 0,
        "botify_api_recommendations_total" => _served.Count(label),
        "botify_api_fallbacks_total" => _fallbacks.Count(label),
        "botify_api_rejected_total" => _rejected.Count(label),
        "botify_api_index_protocol_errors_total" => _indexProtocolErrors.Count(label),
        _ => throw new ArgumentException($"'{metric}' is not a labelled counter of Botify.Api", nameof(metric)),
    };

    public void Request(ApiMethod method) => Interlocked.Increment(ref _requests[(int)method]);

    /// <summary>Records a reply's latency; <paramref name="treatment"/> is null for calls outside the experiment (GetTrack).</summary>
    public void Answered(ApiMethod method, string? treatment, double seconds)
    {
        if (treatment is null)
        {
            _requestDuration.Record(seconds, new KeyValuePair<string, object?>("method", MethodLabels[(int)method]));
            return;
        }

        _requestDuration.Record(seconds, new TagList { { "method", MethodLabels[(int)method] }, { "treatment", treatment } });
    }

    public void Served(string source) => _served.Add(source);

    public void Fallback(string reason) => _fallbacks.Add(reason);

    public void Rejected(string reason) => _rejected.Add(reason);

    /// <summary>Counts an index call that only a wrong index answers; <paramref name="errorType"/> is its <c>error.type</c>.</summary>
    public void IndexProtocolError(string errorType) => _indexProtocolErrors.Add(errorType);

    /// <summary>Records one session-store call that started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void SessionStoreCall(SessionStoreKind store, bool reset, long startedTimestamp) =>
        _sessionStoreDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, SessionStoreTags[(int)store][reset ? 1 : 0]);

    public void SetCircuitState(CircuitState state)
    {
        Volatile.Write(ref _circuitState, (int)state);
        if (state == CircuitState.Open)
        {
            Interlocked.Increment(ref _circuitOpenings);
        }
    }

    private IEnumerable<Measurement<long>> ObserveRequests()
    {
        for (var i = 0; i < MethodLabels.Length; i++)
        {
            if (Interlocked.Read(ref _requests[i]) is var count and > 0)
            {
                yield return new Measurement<long>(count, new KeyValuePair<string, object?>("method", MethodLabels[i]));
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string store, string operation) => [new("store", store), new("operation", operation)];
}
