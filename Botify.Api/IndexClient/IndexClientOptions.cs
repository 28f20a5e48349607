using System.ComponentModel.DataAnnotations;
using Botify.Contracts;

namespace Botify.Api.IndexClient;

/// <summary>The index client and its resilience pipeline, bound from the <c>Index</c> section.</summary>
public sealed class IndexClientOptions
{
    public const string Section = "Index";

    /// <summary>
    /// Address of the index's gRPC endpoint. Default <c>http://localhost:5100</c>. <c>http://host:port</c>
    /// keeps one connection to one address; <c>dns:///host:port</c> (e.g. a headless Kubernetes Service)
    /// resolves every address behind the name and spreads calls over them round robin.
    /// </summary>
    [Required]
    [RegularExpression(@"^(https?://|dns:///)\S+$", ErrorMessage = "Index:Address must be http://host:port, https://host:port or dns:///host:port")]
    public string Address { get; set; } = "http://localhost:5100";

    /// <summary>How often a <c>dns:///</c> address is resolved again, so new index pods get calls. Default 10 s, range 1 s..10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DnsRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one attempt. Default 50 ms, range 1 ms..10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Timeout of the whole call, retry included. Default 120 ms, range 1 ms..30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMilliseconds(120);

    /// <summary>Retries after a transient failure (UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, an attempt timeout). Default 1, range 0..1.</summary>
    [Range(0, 1)]
    public int MaxRetries { get; set; } = 1;

    /// <summary>Base delay before the retry; jitter is added. Default 5 ms, range 0..1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Share of failed calls in the sampling window that opens the circuit. Default 0.5, range 0.01..1.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls in the window before the breaker may open. Default 10, range 2..10000.</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The breaker's sampling window. Default 5 s, range 0.5 s..10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:10:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an open circuit rejects calls before one probe. Default 1 s, range 0.5 s..10 min: an index
    /// back from a restart is used again within about this long (docs/operations/faults.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:10:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most searches coalesced into one <c>SearchBatch</c> call while earlier calls are in flight. Default 64,
    /// range 1..1000; 1 sends every search as its own <c>Search</c> call.
    /// </summary>
    [Range(1, IndexLimits.MaxBatchQueries)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// Index calls in flight before further searches queue for the next batch. Default 2, range 1..64.
    /// An idle service sends each search at once; past this many calls, waiting searches share one.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentCalls { get; set; } = 2;

    /// <summary>
    /// Searches that may wait for an index call (admission control). Default 128 (two full batches), range
    /// 1..100000. Past it a search is refused at once and answered from the candidate cache or the fallback
    /// (reason <c>index-busy</c>): a busy index sheds load instead of piling up timeouts until the breaker opens.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxQueuedSearches { get; set; } = 128;

    /// <summary>
    /// After the index answered SearchBatch with UNIMPLEMENTED (an older index), searches go one at a time
    /// for this long before a batch is tried again. Default 30 s, range 1 s..1 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BatchReprobeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest the start-up warm-up (connect, one search answered) holds readiness back; past it the API is
    /// ready anyway and falls back until the index answers. Default 10 s, range 0..5 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect backoff of the channel after the index went away. Default 100 ms; keep it below the break duration.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "00:01:00")]
    public TimeSpan InitialReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest reconnect backoff. Default 500 ms, so a restarted index is reconnected within the breaker's break.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "00:10:00")]
    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(500);
}
