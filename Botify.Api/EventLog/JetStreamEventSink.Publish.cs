using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Botify.Api.EventLog;

internal sealed partial class JetStreamEventSink
{
    /// <summary>Publishes messages in order, at most <see cref="JetStreamSinkOptions.BatchSize"/> in flight.</summary>
    private async Task Publish(NatsJSContext js, List<StreamMessage> messages)
    {
        for (var start = 0; start < messages.Count; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, messages.Count - start);
            await PublishBatch(js, messages.GetRange(start, count)).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes a batch in order, sending again from the first unacknowledged message until all are stored.</summary>
    private async Task PublishBatch(NatsJSContext js, List<StreamMessage> batch)
    {
        var futures = new NatsJSPublishConcurrentFuture[batch.Count];
        var outage = new Outage(this);
        var stored = 0;
        while (stored < batch.Count)
        {
            var sent = stored;
            var released = stored;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token);
            timeout.CancelAfter(_options.AckTimeout);
            try
            {
                for (; sent < batch.Count; sent++)
                {
                    var message = batch[sent];
                    futures[sent] = await js.PublishConcurrentAsync(
                        message.Subject,
                        message.Body,
                        opts: new NatsJSPubOpts { MsgId = message.Id },
                        cancellationToken: timeout.Token).ConfigureAwait(false);
                }

                for (; stored < batch.Count; stored++)
                {
                    PubAckResponse ack;
                    try
                    {
                        ack = await futures[stored].GetResponseAsync(timeout.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        released = stored + 1;
                        await futures[stored].DisposeAsync().ConfigureAwait(false);
                    }

                    if (ack.Duplicate)
                    {
                        // The stream already held this id (a retry of a publish whose ack was lost): stored once.
                        Interlocked.Add(ref _duplicates, batch[stored].Events);
                    }
                    else
                    {
                        ack.EnsureSuccess();
                    }

                    Interlocked.Add(ref _written, batch[stored].Events);
                    Interlocked.Increment(ref _messages);
                    batch[stored].Release();
                }

                outage.End();
            }
            catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException && !_abandon.IsCancellationRequested)
            {
                for (var i = released; i < sent; i++)
                {
                    await futures[i].DisposeAsync().ConfigureAwait(false);
                }

                Interlocked.Increment(ref _retries);
                await outage.Wait(e).ConfigureAwait(false);
                if (e is NatsNoRespondersException or NatsJSApiException)
                {
                    // No stream answers the subject (deleted, or a server that lost its storage): make it again.
                    await EnsureStream(js).ConfigureAwait(false);
                }
            }
        }
    }
}
