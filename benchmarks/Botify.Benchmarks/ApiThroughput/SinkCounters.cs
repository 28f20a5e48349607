using System.Diagnostics;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// What Botify.Api's event sink did during one closed-loop phase, from its <c>/metrics</c> (<c>botify_api_events_*</c>):
/// events accepted, stored while the phase ran, the backlog left at its end, and, once that backlog drained, stored,
/// dropped, batches published again and duplicates. A sink that falls behind shows as a backlog and a drain time, and
/// a dropped event cannot hide behind a good calls/s.
/// </summary>
/// <param name="Sink">"files" or "JetStream".</param>
/// <param name="Accepted">Events handed to the sink during the phase.</param>
/// <param name="StoredInPhase">Events stored (written, or acknowledged by the stream) while the phase ran.</param>
/// <param name="BacklogAtEnd">Events accepted but not stored when the phase ended.</param>
/// <param name="Stored">Events stored from the phase's start until the backlog drained.</param>
/// <param name="Dropped">Events dropped from the phase's start until the backlog drained.</param>
/// <param name="Retries">Batches sent to the stream again.</param>
/// <param name="Duplicates">Retried events the stream already held.</param>
/// <param name="Messages">Stream messages acknowledged from the phase's start until the backlog drained; 0 on files.</param>
/// <param name="DrainSeconds">Time from the phase's end until the backlog was empty (or the wait gave up).</param>
/// <param name="ServerCpu">CPU the nats-server process used during the phase; null on the file sink.</param>
internal sealed record SinkCounters(
    string Sink,
    double Accepted,
    double StoredInPhase,
    double BacklogAtEnd,
    double Stored,
    double Dropped,
    double Retries,
    double Duplicates,
    double Messages,
    double DrainSeconds,
    TimeSpan? ServerCpu)
{
    private const string Queued = "botify_api_events_queued";
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    /// <summary>Events the sink stored per second of the phase.</summary>
    public double StoredPerSecond(double seconds) => StoredInPhase / seconds;

    /// <summary>Events a stream message carried on average; null on files.</summary>
    public double? EventsPerMessage => Messages > 0 ? Stored / Messages : null;

    /// <summary>Waits until the sink holds no accepted event (at most 30 s); returns its counters then and how long it took.</summary>
    public static async Task<(ApiCounters Counters, double Seconds)> DrainAsync(HttpClient http, Uri api)
    {
        var stopwatch = Stopwatch.StartNew();
        var counters = await ApiCounters.ReadAsync(http, api).ConfigureAwait(false);
        while (counters.Value(Queued) > 0 && stopwatch.Elapsed < DrainLimit)
        {
            await Task.Delay(20).ConfigureAwait(false);
            counters = await ApiCounters.ReadAsync(http, api).ConfigureAwait(false);
        }

        return (counters, stopwatch.Elapsed.TotalSeconds);
    }

    public static SinkCounters Between(string sink, ApiCounters before, ApiCounters atEnd, ApiCounters drained, double drainSeconds, TimeSpan? serverCpu) => new(
        sink,
        ApiCounters.Delta(before, atEnd, "botify_api_events_accepted_total"),
        ApiCounters.Delta(before, atEnd, "botify_api_events_written_total"),
        atEnd.Value(Queued),
        ApiCounters.Delta(before, drained, "botify_api_events_written_total"),
        ApiCounters.Delta(before, drained, "botify_api_events_dropped_total"),
        ApiCounters.Delta(before, drained, "botify_api_events_publish_retries_total"),
        ApiCounters.Delta(before, drained, "botify_api_events_duplicates_total"),
        ApiCounters.Delta(before, drained, "botify_api_events_stream_messages_total"),
        drainSeconds,
        serverCpu);
}
