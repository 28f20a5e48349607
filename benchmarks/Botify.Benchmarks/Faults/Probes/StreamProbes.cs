using Botify.Benchmarks.ApiThroughput;
using Botify.Shared.Events.Stream;

namespace Botify.Benchmarks.Faults.Probes;

/// <summary>
/// The event stream under faults, with the API on the JetStream sink:
/// <c>stream-outage</c> kills nats-server under load, keeps it down 5 s and starts it again on the same store;
/// <c>stream-sigterm</c> sends SIGTERM to the API mid-load. Either way every call the API answered must be on the
/// stream exactly once after the API has stopped (read back by id), and the outage must fail no call.
/// </summary>
internal static class StreamProbes
{
    public const string OutageName = "stream-outage";
    public const string OutageTarget = "0 failed calls; events on the stream = calls answered, 0 duplicated";
    public const string TerminateName = "stream-sigterm";
    public const string TerminateTarget = "events on the stream = calls answered, 0 duplicated";
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(5);

    public static async Task<ProbeResult> OutageAsync(ServiceStack stack, IndexEndpoints index, FaultSuiteOptions options)
    {
        var (nats, skipped) = await stack.StartNatsAsync("nats-outage").ConfigureAwait(false);
        if (nats is null)
        {
            return ProbeResult.Skipped(OutageName, OutageTarget, skipped!);
        }

        var api = await stack.StartApiAsync("api-stream-outage", index, natsUrl: nats.Url).ConfigureAwait(false);
        await using var load = new SteadyLoad(api.GrpcUrl, options.Rate, stack.Tracks, ServiceStack.Listeners, options.Seed + 5);
        load.Start();
        await IndexKillProbe.Delay(options.ProbeSeconds / 4.0).ConfigureAwait(false);
        var killed = FaultClock.Now;
        await nats.Process.KillAsync().ConfigureAwait(false);
        await Task.Delay(Down).ConfigureAwait(false);
        nats.Process.Start();
        var up = await nats.WaitReadyAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false) ? FaultClock.Now : double.NaN;
        await IndexKillProbe.Delay(options.ProbeSeconds / 4.0).ConfigureAwait(false);
        var records = await load.StopAsync().ConfigureAwait(false);
        var dropped = await DroppedAsync(stack, api).ConfigureAwait(false);
        api.Process.Terminate();
        var exited = await api.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);

        var failures = LoadWindow.FailuresByStatus(records);
        var outcome = await CompareAsync(nats, records).ConfigureAwait(false);
        var met = failures.Count == 0 && exited && outcome.Met && !double.IsNaN(up);
        return new ProbeResult(OutageName, records.Count, failures, LoadWindow.FallbackShare(LoadWindow.Between(records, killed, double.IsNaN(up) ? double.MaxValue : up)), null, outcome.Lost, OutageTarget,
            met ? ProbeVerdict.Met : ProbeVerdict.Missed, outcome.Note(exited, double.IsNaN(up) ? "nats-server did not come back" : null),
            outcome.Measures(dropped, new Dictionary<string, double>
            {
                ["down_seconds"] = (double.IsNaN(up) ? FaultClock.Now : up) - killed,
                ["outage_p99_ms"] = LoadWindow.P99Ms(LoadWindow.Between(records, killed, double.IsNaN(up) ? double.MaxValue : up)) ?? double.NaN,
            }));
    }

    public static async Task<ProbeResult> TerminateAsync(ServiceStack stack, IndexEndpoints index, FaultSuiteOptions options)
    {
        var (nats, skipped) = await stack.StartNatsAsync("nats-sigterm").ConfigureAwait(false);
        if (nats is null)
        {
            return ProbeResult.Skipped(TerminateName, TerminateTarget, skipped!);
        }

        var api = await stack.StartApiAsync("api-stream-sigterm", index, natsUrl: nats.Url).ConfigureAwait(false);
        await using var load = new SteadyLoad(api.GrpcUrl, options.Rate, stack.Tracks, ServiceStack.Listeners, options.Seed + 6);
        load.Start();
        await IndexKillProbe.Delay(options.ProbeSeconds / 2.0).ConfigureAwait(false);
        var dropped = await DroppedAsync(stack, api).ConfigureAwait(false);
        var terminated = FaultClock.Now;
        api.Process.Terminate();
        var exited = await api.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var stopped = FaultClock.Now;
        await IndexKillProbe.Delay(0.5).ConfigureAwait(false);
        var records = await load.StopAsync().ConfigureAwait(false);

        var outcome = await CompareAsync(nats, records).ConfigureAwait(false);
        // Calls refused after the stop began are expected (the server is going away); they are not failures of this probe.
        var failures = LoadWindow.FailuresByStatus(records.Where(record => record.Started < terminated));
        return new ProbeResult(TerminateName, records.Count, failures, null, null, outcome.Lost, TerminateTarget,
            exited && outcome.Met ? ProbeVerdict.Met : ProbeVerdict.Missed, outcome.Note(exited, null),
            outcome.Measures(dropped, new Dictionary<string, double>
            {
                ["stop_seconds"] = stopped - terminated,
                ["calls_refused_after_sigterm"] = records.LongCount(record => record.Started >= terminated && !record.Answered),
            }));
    }

    /// <summary>The API's dropped-events counter from its /metrics (NaN when it cannot be read).</summary>
    private static async Task<double> DroppedAsync(ServiceStack stack, ApiEndpoints api)
    {
        try
        {
            return (await ApiCounters.ReadAsync(stack.Http, new Uri(api.HttpUrl)).ConfigureAwait(false)).Value("botify_api_events_dropped_total");
        }
        catch (HttpRequestException)
        {
            return double.NaN;
        }
    }

    private static async Task<StreamOutcome> CompareAsync(NatsEndpoint nats, IReadOnlyList<CallRecord> records)
    {
        var read = await EventStreamReader.ReadAsync(nats.Events).ConfigureAwait(false);
        return new StreamOutcome(records.LongCount(record => record.Answered), records.Count, read.Events.Count, read.Messages, read.Duplicates);
    }

    /// <summary>
    /// Calls against events: each answered call has its event, so events ≥ answered; a call whose deadline passed
    /// on the client may still have been answered and logged by the API, so events may exceed answered, never sent.
    /// </summary>
    private sealed record StreamOutcome(long Answered, long Sent, long Events, long Messages, long Duplicates)
    {
        public long Lost => Math.Max(0, Answered - Events);

        public bool Met => Lost == 0 && Duplicates == 0 && Events <= Sent;

        public string? Note(bool exited, string? extra)
        {
            var notes = new List<string>();
            if (!exited)
            {
                notes.Add("the API had not exited 60 s after SIGTERM");
            }

            if (Events > Answered)
            {
                notes.Add($"{Events - Answered} events on the stream for calls whose reply never arrived (client deadline)");
            }

            if (Events > Sent)
            {
                notes.Add($"{Events - Sent} events more than calls sent");
            }

            if (extra is not null)
            {
                notes.Add(extra);
            }

            return notes.Count == 0 ? null : string.Join("; ", notes);
        }

        public Dictionary<string, double> Measures(double dropped, Dictionary<string, double> more)
        {
            more["calls_answered"] = Answered;
            more["calls_sent"] = Sent;
            more["events_on_stream"] = Events;
            more["messages_on_stream"] = Messages;
            more["duplicated_events"] = Duplicates;
            more["events_dropped_by_api"] = dropped;
            return more;
        }
    }
}
