using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Botify.Benchmarks.EventStream;

/// <summary>
/// Publishes prepared events the way <c>JetStreamEventSink</c> does, without its retry: up to a batch of publishes in
/// flight (<c>PublishConcurrentAsync</c>, message id = event id), then their acknowledgements awaited in order. Each
/// publisher has its own connection, as each API pod has, and the listener partitions are shared out among them so
/// a listener's events keep one publisher and their order.
/// </summary>
internal static class StreamPublisher
{
    /// <summary>Publishes every event once; returns the acknowledgements that said the stream already held the id.</summary>
    public static async Task<long> PublishAsync(string url, IReadOnlyList<PreparedEvent> events, int publishers, int batchSize)
    {
        var shares = Enumerable.Range(0, publishers).Select(p => events.Where(e => e.Partition % publishers == p).ToList()).ToList();
        var duplicates = await Task.WhenAll(shares.Select(share => Task.Run(() => PublishOneAsync(url, share, batchSize))));
        return duplicates.Sum();
    }

    private static async Task<long> PublishOneAsync(string url, List<PreparedEvent> events, int batchSize)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = url, Name = "botify-bench-publisher" });
        await connection.ConnectAsync();
        var js = new NatsJSContext(connection);
        var futures = new NatsJSPublishConcurrentFuture[batchSize];
        long duplicates = 0;
        for (var start = 0; start < events.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, events.Count - start);
            for (var i = 0; i < count; i++)
            {
                var item = events[start + i];
                futures[i] = await js.PublishConcurrentAsync(item.Subject, item.Body, opts: new NatsJSPubOpts { MsgId = item.Id });
            }

            for (var i = 0; i < count; i++)
            {
                await using var future = futures[i];
                var ack = await future.GetResponseAsync();
                ack.EnsureSuccess();
                duplicates += ack.Duplicate ? 1 : 0;
            }
        }

        return duplicates;
    }
}
