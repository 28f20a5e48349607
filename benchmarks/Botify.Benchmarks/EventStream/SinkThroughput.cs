using System.Diagnostics;
using Botify.Api.EventLog;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Botify.Benchmarks.EventStream;

/// <summary>
/// The API's <see cref="JetStreamEventSink"/> end to end with its default settings: events handed to
/// <c>AppendAsync</c> by one caller, timed until the stream has acknowledged the last. The backlog is raised to hold
/// every event, so the figure is what the sink stores per second, not what it drops. In a burst the pump always
/// finds a full batch; paced at an API's rate it finds the few events that arrived during the last round trip, and
/// the CPU per event shows what those small batches cost.
/// </summary>
internal static class SinkThroughput
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Hands <paramref name="events"/> to a sink on <paramref name="layout"/>'s stream (its subjects must not overlap
    /// another stream's), at <paramref name="rate"/> events/s (in 1 ms steps) or, when null, as fast as one caller can;
    /// <paramref name="eventsPerMessage"/> null keeps the sink's default packing.
    /// </summary>
    public static async Task<StreamRow> RunAsync(LocalNatsServer nats, EventStreamLayout layout, IReadOnlyList<ListenerEvent> events, string stage, int? rate = null, int? eventsPerMessage = null)
    {
        var options = new JetStreamSinkOptions { Url = nats.Url, Stream = layout.Stream, Subject = layout.Subject, Partitions = layout.Partitions };
        options.EventsPerMessage = eventsPerMessage ?? options.EventsPerMessage;
        options.Backlog = Math.Max(options.Backlog, events.Count);
        var sink = new JetStreamEventSink(Options.Create(options), Options.Create(new EventLogOptions()), NullLogger<JetStreamEventSink>.Instance, TimeProvider.System);
        await using (sink)
        {
            await sink.StartAsync(CancellationToken.None);
            // The first event stored means the connection is open and the stream made: the clock starts after it.
            await sink.AppendAsync(events[0], CancellationToken.None);
            var ready = Stopwatch.StartNew();
            while (sink.Written + sink.Dropped < 1)
            {
                // The sink retries for ever (a stream it cannot make, a server it cannot reach); a benchmark must not.
                if (ready.Elapsed > ReadyLimit)
                {
                    throw new InvalidOperationException($"the sink stored nothing on stream {layout.Stream} at {nats.Url} within {ReadyLimit.TotalSeconds} s");
                }

                await Task.Delay(1);
            }

            var clock = StageClock.Start(nats);
            var wall = Stopwatch.StartNew();
            var sent = 1;
            while (sent < events.Count)
            {
                var due = rate is { } perSecond ? Math.Min(events.Count, 1 + (int)(wall.Elapsed.TotalSeconds * perSecond)) : events.Count;
                for (; sent < due; sent++)
                {
                    await sink.AppendAsync(events[sent], CancellationToken.None);
                }

                if (sent < events.Count)
                {
                    await Task.Delay(1);
                }
            }

            while (sink.Written + sink.Dropped < events.Count)
            {
                await Task.Delay(1);
            }

            var bytes = await StoredBytesAsync(nats.Url, layout.Stream);
            var setting = FormattableString.Invariant($"up to {options.EventsPerMessage} event(s)/message, {(rate is { } r ? $"paced at {r:N0}/s" : "a burst")}");
            var row = clock.Stop(stage, setting, events.Count - 1,
                FormattableString.Invariant($"{sink.Written / (double)Math.Max(1, sink.Messages):F1} events/message, {bytes / (double)Math.Max(1, sink.Written):F0} B/event stored, dropped {sink.Dropped}, publish retries {sink.Retries}, duplicates {sink.Duplicates}"));
            await sink.StopAsync(CancellationToken.None);
            return row;
        }
    }

    /// <summary>Bytes the stream holds (payloads, subjects, headers and the store's records).</summary>
    private static async Task<long> StoredBytesAsync(string url, string stream)
    {
        await using var admin = new NatsConnection(new NatsOpts { Url = url });
        return (await new NatsJSContext(admin).GetStreamAsync(stream)).Info.State.Bytes;
    }
}
