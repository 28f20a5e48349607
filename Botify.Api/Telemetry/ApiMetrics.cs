using System.Diagnostics;
using System.Diagnostics.Metrics;
using Botify.Api.Core;
using Botify.Api.EventLog;
using Botify.Api.Grpc;
using Botify.Api.Sessions;
using Grpc.Core;
using Polly.CircuitBreaker;

namespace Botify.Api.Telemetry;

/// <summary>
/// The service's OpenTelemetry instruments, created once on the host's <see cref="IMeterFactory"/> and
/// scraped in the Prometheus format at <c>/metrics</c> (names there: dots become underscores, seconds get
/// <c>_seconds</c>, counters <c>_total</c>). Histograms go through OpenTelemetry on the call; counters and
/// gauges are plain interlocked fields that OpenTelemetry reads at scrape time, so a call adds no work for them.
/// <para>
/// Request attributes follow OpenTelemetry's semantic conventions: a gRPC call carries <c>rpc.system</c>,
/// <c>rpc.service</c>, <c>rpc.method</c> and, on its duration, <c>rpc.grpc.status_code</c>; a JSON call
/// carries <c>http.request.method</c>, <c>http.route</c> and <c>http.response.status_code</c>. Botify's own
/// attributes are named <c>botify.*</c>. docs/operations/observability.md lists every instrument.
/// </para>
/// </summary>
internal sealed class ApiMetrics
{
    public const string MeterName = "Botify.Api";

    /// <summary>The <c>rpc.service</c> of the gRPC front door.</summary>
    public const string RpcService = "botify.v1.Recommender";

    /// <summary>The status a JSON call is recorded with when the listener went away before the reply (nginx's "client closed request").</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>Seconds, 100 µs to 1 s: a Next answered from a warm index takes about 0.5 ms, p99 under load ~10 ms, the index client gives up at 120 ms.</summary>
    internal static readonly double[] RequestBounds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    /// <summary>Seconds, 1 µs to 100 ms: the memory store answers in about a microsecond, Redis in a round trip (~0.1–1 ms).</summary>
    internal static readonly double[] SessionStoreBounds = [0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    /// <summary>The attributes naming each <see cref="ApiMethod"/>, made once.</summary>
    private static readonly KeyValuePair<string, object?>[][] MethodTags =
    [
        Rpc("Next"),
        Rpc("Last"),
        Rpc("GetTrack"),
        Http("POST", "/next/{user}"),
        Http("POST", "/last/{user}"),
        Http("GET", "/track/{track}"),
    ];

    /// <summary>gRPC status codes 0..16, boxed once: a recorded status allocates nothing.</summary>
    private static readonly object[] GrpcCodes = [.. Enumerable.Range(0, 17).Select(code => (object)code)];

    private static readonly object Http200 = 200;
    private static readonly object Http400 = 400;
    private static readonly object Http404 = 404;
    private static readonly object Http413 = 413;
    private static readonly object Http415 = 415;
    private static readonly object Http499 = ClientClosedRequest;
    private static readonly object Http500 = 500;
    private static readonly object Http503 = 503;

    /// <summary>Tags of the session-store histogram per [store, operation], made once.</summary>
    private static readonly KeyValuePair<string, object?>[][][] SessionStoreTags =
    [
        [Tags("memory", "update"), Tags("memory", "reset")],
        [Tags("redis", "update"), Tags("redis", "reset")],
    ];

    private readonly long[] _requests = new long[MethodTags.Length];
    private readonly LabelledCounter _served = new("source");
    private readonly LabelledCounter _fallbacks = new("reason");
    private readonly LabelledCounter _rejected = new("error.type");
    private readonly LabelledCounter _indexProtocolErrors = new("error.type");
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _sessionStoreDuration;
    private int _circuitState;

    public ApiMetrics(IMeterFactory meters, IEventSink eventLog)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(eventLog);
        var meter = meters.Create(MeterName);
        _requestDuration = meter.CreateHistogram(
            "botify.api.request.duration",
            "s",
            "Time from a request's arrival at Botify's handler to its reply or failure, per method, status and treatment (GetTrack has none)",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBounds });
        _sessionStoreDuration = meter.CreateHistogram(
            "botify.api.session_store.duration",
            "s",
            "Time of one session-store call (update: read, fatigue rules, write; reset: on Last), per store and operation; error.type on a failed call",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = SessionStoreBounds });
        meter.CreateObservableCounter("botify.api.requests", ObserveRequests, "{request}", "Accepted requests (valid input) per method");
        meter.CreateObservableCounter("botify.api.recommendations", _served.Observe, "{recommendation}", "Next replies per source (the treatment's recommender or a fallback)");
        meter.CreateObservableCounter("botify.api.fallbacks", _fallbacks.Observe, "{recommendation}", "Next replies served by the fallback, per reason");
        meter.CreateObservableCounter("botify.api.rejected", _rejected.Observe, "{request}", "Requests refused for bad input, per error.type");
        meter.CreateObservableCounter("botify.api.index.protocol_errors", _indexProtocolErrors.Observe, "{error}", "Index calls answered in a way only a wrong index answers (UNIMPLEMENTED for Search, not HTTP/2 gRPC), per error.type");
        meter.CreateObservableGauge("botify.api.index.circuit_state", () => Volatile.Read(ref _circuitState), description: "The index client's circuit now: 0 closed, 1 open, 2 half-open, 3 isolated (its transitions are Polly's resilience.polly.strategy.events)");
        meter.CreateObservableGauge("botify.api.events.queued", () => eventLog.Queued, "{event}", "Events accepted but not yet stored: the event sink's queue or backlog");
        meter.CreateObservableCounter("botify.api.events.accepted", () => eventLog.Accepted, "{event}", "Events handed to the event sink");
        meter.CreateObservableCounter("botify.api.events.written", () => eventLog.Written, "{event}", "Events stored: written to the log files, or acknowledged by the stream");
        meter.CreateObservableCounter("botify.api.events.dropped", () => eventLog.Dropped, "{event}", "Events the sink dropped: the stream's backlog was full, or a stop outlasted the drain timeout");
        if (eventLog is EventLogWriter files)
        {
            meter.CreateObservableCounter("botify.api.event_files", () => files.Files, "{file}", "Event-log files opened (rotation)");
        }

        if (eventLog is JetStreamEventSink stream)
        {
            meter.CreateObservableCounter("botify.api.events.publish_retries", () => stream.Retries, "{batch}", "Batches of events sent to the stream again after a failure or a missing acknowledgement");
            meter.CreateObservableCounter("botify.api.events.duplicates", () => stream.Duplicates, "{event}", "Retried events the stream already held and discarded (by message id)");
            meter.CreateObservableCounter("botify.api.events.stream_messages", () => stream.Messages, "{message}", "Stream messages acknowledged; each holds up to EventLog:JetStream:EventsPerMessage events of one partition");
            meter.CreateObservableGauge("botify.api.events.stream_connected", () => stream.Connected ? 1 : 0, description: "1 while the API is connected to the NATS server, else 0");
        }
    }

    /// <summary>The index client's circuit as its breaker last reported it; readiness reads it (<see cref="IndexClient.IndexHealthCheck"/>).</summary>
    public CircuitState CircuitState => (CircuitState)Volatile.Read(ref _circuitState);

    /// <summary>A counter's value by its Prometheus name and label value, for tests and diagnostics.</summary>
    public long Count(string metric, string label) => metric switch
    {
        "botify_api_recommendations_total" => _served.Count(label),
        "botify_api_fallbacks_total" => _fallbacks.Count(label),
        "botify_api_rejected_total" => _rejected.Count(label),
        "botify_api_index_protocol_errors_total" => _indexProtocolErrors.Count(label),
        _ => throw new ArgumentException($"'{metric}' is not a labelled counter of Botify.Api", nameof(metric)),
    };

    /// <summary>Accepted requests of <paramref name="method"/> so far.</summary>
    public long Requests(ApiMethod method) => Interlocked.Read(ref _requests[(int)method]);

    public void Request(ApiMethod method) => Interlocked.Increment(ref _requests[(int)method]);

    /// <summary>Records an answered request's latency; <paramref name="treatment"/> is null for calls outside the experiment (GetTrack).</summary>
    public void Answered(ApiMethod method, string? treatment, double seconds) =>
        Record(method, treatment, IsGrpc(method) ? GrpcCodes[(int)StatusCode.OK] : Http200, seconds);

    /// <summary>Records a request that ended with <paramref name="status"/>: a gRPC status code or an HTTP status, as <paramref name="method"/>'s front door replied.</summary>
    public void Completed(ApiMethod method, string? treatment, int status, double seconds) =>
        Record(method, treatment, Boxed(method, status), seconds);

    /// <summary>
    /// Records a request that failed with <paramref name="fault"/>, with the status its front door replies:
    /// a refused request's (<see cref="ListenerRequestException"/>), CANCELLED or 499 when the listener went
    /// away (<paramref name="cancelled"/>), else UNKNOWN or 500.
    /// </summary>
    public void Failed(ApiMethod method, string? treatment, Exception fault, bool cancelled, double seconds) =>
        Completed(method, treatment, Status(method, fault, cancelled), seconds);

    /// <summary>Records a request refused as <paramref name="kind"/> (bad input, unknown track, stopping), with its front door's status.</summary>
    public void Refused(ApiMethod method, string? treatment, RequestErrorKind kind, double seconds) =>
        Completed(method, treatment, Status(method, kind), seconds);

    /// <summary>The status <paramref name="method"/>'s front door replies for a request refused as <paramref name="kind"/>.</summary>
    public static int Status(ApiMethod method, RequestErrorKind kind) => IsGrpc(method)
        ? (int)RpcErrors.StatusCodeOf(kind)
        : kind switch
        {
            RequestErrorKind.NotFound => StatusCodes.Status404NotFound,
            RequestErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };

    /// <summary>The status <paramref name="method"/>'s front door replies for <paramref name="fault"/>.</summary>
    public static int Status(ApiMethod method, Exception fault, bool cancelled)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault is ListenerRequestException refused)
        {
            return Status(method, refused.Kind);
        }

        if (IsGrpc(method))
        {
            return (int)(fault switch
            {
                RpcException rpc => rpc.StatusCode,
                OperationCanceledException when cancelled => StatusCode.Cancelled,
                _ => StatusCode.Unknown,
            });
        }

        return fault is OperationCanceledException && cancelled ? ClientClosedRequest : StatusCodes.Status500InternalServerError;
    }

    public void Served(string source) => _served.Add(source);

    public void Fallback(string reason) => _fallbacks.Add(reason);

    public void Rejected(string errorType) => _rejected.Add(errorType);

    /// <summary>Counts an index call that only a wrong index answers; <paramref name="errorType"/> is its <c>error.type</c>.</summary>
    public void IndexProtocolError(string errorType) => _indexProtocolErrors.Add(errorType);

    /// <summary>Records one session-store call that started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void SessionStoreCall(SessionStoreKind store, bool reset, long startedTimestamp) =>
        _sessionStoreDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, SessionStoreTags[(int)store][reset ? 1 : 0]);

    /// <summary>Records one session-store call that failed with <paramref name="fault"/>: its <c>error.type</c> is the exception's type.</summary>
    public void SessionStoreCallFailed(SessionStoreKind store, bool reset, long startedTimestamp, Exception fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var tags = new TagList(SessionStoreTags[(int)store][reset ? 1 : 0]) { { "error.type", fault.GetType().FullName } };
        _sessionStoreDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    public void SetCircuitState(CircuitState state) => Volatile.Write(ref _circuitState, (int)state);

    private static bool IsGrpc(ApiMethod method) => method <= ApiMethod.GetTrack;

    private void Record(ApiMethod method, string? treatment, object status, double seconds)
    {
        var tags = new TagList(MethodTags[(int)method]) { { IsGrpc(method) ? "rpc.grpc.status_code" : "http.response.status_code", status } };
        if (treatment is not null)
        {
            tags.Add("botify.treatment", treatment);
        }

        _requestDuration.Record(seconds, tags);
    }

    private static object Boxed(ApiMethod method, int status)
    {
        if (IsGrpc(method))
        {
            return status is >= 0 and < 17 ? GrpcCodes[status] : status;
        }

        return status switch
        {
            200 => Http200,
            400 => Http400,
            404 => Http404,
            413 => Http413,
            415 => Http415,
            ClientClosedRequest => Http499,
            500 => Http500,
            503 => Http503,
            _ => status,
        };
    }

    private IEnumerable<Measurement<long>> ObserveRequests()
    {
        for (var i = 0; i < MethodTags.Length; i++)
        {
            if (Interlocked.Read(ref _requests[i]) is var count and > 0)
            {
                yield return new Measurement<long>(count, MethodTags[i]);
            }
        }
    }

    private static KeyValuePair<string, object?>[] Rpc(string method) => [new("rpc.system", "grpc"), new("rpc.service", RpcService), new("rpc.method", method)];

    private static KeyValuePair<string, object?>[] Http(string method, string route) => [new("http.request.method", method), new("http.route", route)];

    private static KeyValuePair<string, object?>[] Tags(string store, string operation) => [new("store", store), new("operation", operation)];
}
