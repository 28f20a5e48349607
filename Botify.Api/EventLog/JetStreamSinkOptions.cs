using System.ComponentModel.DataAnnotations;
using Botify.Shared.Events.Stream;

namespace Botify.Api.EventLog;

/// <summary>The JetStream event sink, bound from <c>EventLog:JetStream</c> (docs/operations/event-stream.md).</summary>
public sealed class JetStreamSinkOptions
{
    public const string Section = "EventLog:JetStream";

    /// <summary>NATS server URL(s), comma-separated. Default <c>nats://127.0.0.1:4222</c>.</summary>
    [Required]
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>Stream name; created at start when missing, its settings updated when it exists. Default <c>BOTIFY_EVENTS</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]+$")]
    public string Stream { get; set; } = EventStreamLayout.DefaultStream;

    /// <summary>Subject prefix; events go to <c>{Subject}.{partition}</c>. Default <c>botify.events</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$")]
    public string Subject { get; set; } = EventStreamLayout.DefaultSubject;

    /// <summary>Listener partitions (subjects). Default 16, range 1..4096; changing it moves listeners between subjects.</summary>
    [Range(1, 4096)]
    public int Partitions { get; set; } = EventStreamLayout.DefaultPartitions;

    /// <summary>Copies of the stream the servers keep (1 on one server, 3 on a cluster). Default 1, range 1..5.</summary>
    [Range(1, 5)]
    public int Replicas { get; set; } = 1;

    /// <summary>How long the stream keeps an event. Default 7 days, range 1 minute..3650 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Window in which the stream drops a message id it has already stored (a retried publish). Default 2 minutes, range 1 s..1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Create the stream at start, or bring it to these settings. Default true; false when operators manage the streams
    /// themselves, e.g. several streams each over a share of the partition subjects (docs/operations/event-stream.md).
    /// </summary>
    public bool CreateStream { get; set; } = true;

    /// <summary>Events held while the stream is slow or down; past it new events are dropped and counted. Default 262,144, range 1..10^7.</summary>
    [Range(1, 10_000_000)]
    public int Backlog { get; set; } = 262_144;

    /// <summary>Most messages in flight at once (sent before their acknowledgements are awaited). Default 256, range 1..10,000.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// Most events in one stream message, all of one partition (JSON lines; the message id is the first event's id).
    /// 1 stores one message per event. Default 64, range 1..4096 (docs/operations/event-stream.md, "Packing").
    /// </summary>
    [Range(1, 4096)]
    public int EventsPerMessage { get; set; } = 64;

    /// <summary>
    /// How long the publisher waits for more events before sending less than a full round, so messages fill up under
    /// load. Default 5 ms, range 0..1 s; 0 sends what is there at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest wait for a batch's acknowledgements before it is sent again. Default 5 s, range 100 ms..5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On a graceful stop, the longest the backlog may take to reach the stream; what is left is counted as dropped. Default 20 s, range 0..10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The stream layout these settings describe.</summary>
    public EventStreamLayout Layout => new EventStreamLayout(Stream, Subject, Partitions).Validated();
}
