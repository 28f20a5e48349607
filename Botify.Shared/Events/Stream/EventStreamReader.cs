using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Botify.Shared.Events.Stream;

/// <summary>
/// Reads the events of a time window off the stream through a durable pull consumer, up to the last message stored
/// when the read began, in stream order (which keeps each listener's events in order). A message holds one event or
/// several, one per line; an event whose id was already read (a retry stored outside the duplicate window) is
/// skipped and counted, as is a line that is not an event. See docs/operations/event-stream.md.
/// </summary>
public static class EventStreamReader
{
    private const int FetchBatch = 1_000;

    /// <summary>Reads the window; <paramref name="progress"/> hears the number of messages read so far.</summary>
    /// <exception cref="EventStreamException">The server cannot be reached, or the stream does not exist.</exception>
    public static Task<EventStreamRead> ReadAsync(EventStreamSource source, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        ReadAsync(source, onEvent: null, progress, cancellationToken);

    /// <summary>
    /// Reads the window, handing each event to <paramref name="onEvent"/> in stream order instead of keeping it, for a
    /// reader that keeps less of an event than the whole (<see cref="EventStreamRead.Events"/> stays empty).
    /// </summary>
    /// <exception cref="EventStreamException">The server cannot be reached, or the stream does not exist.</exception>
    public static async Task<EventStreamRead> ReadAsync(EventStreamSource source, Action<ListenerEvent>? onEvent, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var layout = source.Layout.Validated();
        await using var connection = new NatsConnection(new NatsOpts { Url = source.Url, Name = "botify-reader", MaxReconnectRetry = 5 });
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            throw new EventStreamException($"cannot reach the NATS server at {source.Url}: {e.Message}", e);
        }

        var js = new NatsJSContext(connection);
        INatsJSStream stream;
        try
        {
            stream = await js.GetStreamAsync(layout.Stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            throw new EventStreamException($"{source}: no such stream (the API makes it when it starts with EventLog:Sink=JetStream)", e);
        }

        var last = stream.Info.State.LastSeq;
        var read = new EventStreamRead(source, onEvent);
        if (stream.Info.State.Messages == 0)
        {
            return read;
        }

        var consumer = await Consumer(js, source, layout, cancellationToken).ConfigureAwait(false);
        var done = false;
        while (!done)
        {
            var fetched = 0;
            await foreach (var message in consumer.FetchNoWaitAsync(new NatsJSFetchOpts { MaxMsgs = FetchBatch }, NatsRawSerializer<byte[]>.Default, cancellationToken).ConfigureAwait(false))
            {
                fetched++;
                var sequence = message.Metadata?.Sequence.Stream ?? 0;
                read.Add(message.Data, sequence);
                done |= sequence >= last;
            }

            progress?.Report(read.Messages);
            done |= fetched == 0;
        }

        return read;
    }

    /// <summary>The durable consumer, made again so it starts at the window's start whatever an earlier read left.</summary>
    private static async Task<INatsJSConsumer> Consumer(NatsJSContext js, EventStreamSource source, EventStreamLayout layout, CancellationToken cancellationToken)
    {
        try
        {
            await js.DeleteConsumerAsync(layout.Stream, source.Consumer, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            // Not there yet: nothing to start over.
        }

        var config = new ConsumerConfig(source.Consumer)
        {
            AckPolicy = ConsumerConfigAckPolicy.None,
            FilterSubject = layout.Wildcard,
            DeliverPolicy = source.Since is null ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.ByStartTime,
            // The server removes the consumer an hour after the last read.
            InactiveThreshold = TimeSpan.FromHours(1),
            Description = "Botify: a window of events read for training or analysis",
        };
        if (source.Since is { } since)
        {
            config.OptStartTime = since;
        }

        return await js.CreateOrUpdateConsumerAsync(layout.Stream, config, cancellationToken).ConfigureAwait(false);
    }
}
