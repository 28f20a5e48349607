using System.Threading.Channels;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Botify.Api.EventLog;

/// <summary>
/// Publishes events to a NATS JetStream stream from one background task. Requests never wait on the stream: an
/// event joins a bounded backlog, and a full backlog drops it (counted and warned). The task packs what is waiting
/// into messages of one partition each (<see cref="EventPacker"/>), sends up to
/// <see cref="JetStreamSinkOptions.BatchSize"/> of them, then awaits their acknowledgements in order; a failure
/// sends them again from the first unacknowledged one, and the message id lets the stream discard what it already
/// stored. A graceful stop publishes the backlog, up to the drain timeout.
/// See docs/operations/event-stream.md.
/// </summary>
internal sealed partial class JetStreamEventSink : IEventSink, IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly JetStreamSinkOptions _options;
    private readonly EventStreamLayout _layout;
    private readonly bool _enabled;
    private readonly ILogger<JetStreamEventSink> _logger;
    private readonly TimeProvider _time;
    private readonly Channel<PendingEvent> _backlog;
    private readonly string _instance;
    private readonly CancellationTokenSource _abandon = new();
    private NatsConnection? _connection;
    private Task _pump = Task.CompletedTask;
    private volatile bool _stopped;
    private int _disposed;
    private long _sequence;
    private long _accepted;
    private long _written;
    private long _dropped;
    private long _retries;
    private long _duplicates;
    private long _messages;
    private long _lastDropWarning = long.MinValue;
    private long _tooLarge;
    private long _lastTooLargeWarning = long.MinValue;

    public JetStreamEventSink(IOptions<JetStreamSinkOptions> options, IOptions<EventLogOptions> log, ILogger<JetStreamEventSink> logger, TimeProvider time)
    {
        _options = options.Value;
        _layout = _options.Layout;
        _enabled = log.Value.Enabled;
        _logger = logger;
        _time = time;
        _backlog = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(_options.Backlog) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        // Ids are unique across pods and restarts without coordination: a random instance prefix and a sequence.
        _instance = StreamEventId.NewInstance();
    }

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Written => Interlocked.Read(ref _written);

    public int Queued => (int)Math.Max(0, Accepted - Written - Dropped);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Batches sent again after a failure or a missing acknowledgement.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Events in messages the stream said it already held: a retry it discarded.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Messages the stream acknowledged; <see cref="Written"/> ÷ this is the events a message carried.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>True while the connection to the NATS server is open.</summary>
    public bool Connected => _connection?.ConnectionState == NatsConnectionState.Open;

    public ValueTask AppendAsync(ListenerEvent item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_enabled)
        {
            return ValueTask.CompletedTask;
        }

        if (_stopped)
        {
            throw new ChannelClosedException("the event stream sink is stopping");
        }

        // The id is written into the message from this number (EventPacker): no string or copy of the event per call.
        var sequence = Interlocked.Increment(ref _sequence);
        Interlocked.Increment(ref _accepted);
        if (!_backlog.Writer.TryWrite(new PendingEvent(item, sequence)))
        {
            if (_stopped)
            {
                Interlocked.Decrement(ref _accepted);
                throw new ChannelClosedException("the event stream sink is stopping");
            }

            OnDropped();
        }

        return ValueTask.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_enabled)
        {
            _connection = new NatsConnection(new NatsOpts
            {
                Url = _options.Url,
                Name = "botify-api",
                RetryOnInitialConnect = true,
                MaxReconnectRetry = -1,
                ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
                ReconnectWaitMax = LastBackoff,
                RequestTimeout = _options.AckTimeout,
                CommandTimeout = _options.AckTimeout,
                PublishTimeoutOnDisconnected = true,
            });
            _pump = Task.Run(Pump, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        _backlog.Writer.TryComplete();
        // Not bounded by the host's token but by the drain timeout: accepted events should reach the stream.
        _abandon.CancelAfter(_options.DrainTimeout);
        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // The container holds the sink under two registrations (the sink and IEventSink) and disposes it for each.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopped = true;
        _backlog.Writer.TryComplete();
        await _abandon.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _abandon.Dispose();
    }

    private void OnDropped()
    {
        var dropped = Interlocked.Increment(ref _dropped);
        if (WarningDue(ref _lastDropWarning))
        {
            EventStreamLog.Dropping(_logger, _options.Backlog, dropped);
        }
    }

    /// <summary>An event no message can carry (over the server's payload limit): dropped and counted, never retried.</summary>
    private void OnTooLarge(ListenerEvent item, int bytes, int limit)
    {
        Interlocked.Increment(ref _dropped);
        var refused = Interlocked.Increment(ref _tooLarge);
        if (WarningDue(ref _lastTooLargeWarning))
        {
            EventStreamLog.TooLarge(_logger, _layout.Stream, item.User, bytes, limit, refused);
        }
    }

    /// <summary>True at most once per <see cref="DropWarningInterval"/> for one kind of warning, whichever thread asks.</summary>
    private bool WarningDue(ref long lastWarning)
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref lastWarning);
        return (last == long.MinValue || _time.GetElapsedTime(last, now) >= DropWarningInterval)
            && Interlocked.CompareExchange(ref lastWarning, now, last) == last;
    }

    private async Task Pump()
    {
        var js = new NatsJSContext(_connection!);
        var round = _options.BatchSize * _options.EventsPerMessage;
        var batch = new List<PendingEvent>(Math.Min(round, 65_536));
        var messages = new List<StreamMessage>(_options.BatchSize);
        using var packer = new EventPacker(_layout, _instance, _options.EventsPerMessage);
        Action<ListenerEvent, int> tooLarge = (item, bytes) => OnTooLarge(item, bytes, packer.MaxMessageBytes);
        var reader = _backlog.Reader;
        try
        {
            await EnsureStream(js).ConfigureAwait(false);
            while (await reader.WaitToReadAsync(_abandon.Token).ConfigureAwait(false))
            {
                if (_options.Linger > TimeSpan.Zero && !_stopped && reader.Count < round)
                {
                    // Under load, a few milliseconds fill the messages; at rest they only delay an event that much.
                    await Task.Delay(_options.Linger, _time, _abandon.Token).ConfigureAwait(false);
                }

                while (batch.Count < round && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                packer.FitServer(_connection!.ServerInfo?.MaxPayload ?? 0);
                packer.Pack(batch, messages, tooLarge);
                await Publish(js, messages).ConfigureAwait(false);
                batch.Clear();
                messages.Clear();
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            while (reader.TryRead(out _))
            {
            }

            // Everything accepted and not acknowledged: the backlog and the unacknowledged part of the round.
            var left = Queued;
            Interlocked.Add(ref _dropped, left);
            if (left > 0)
            {
                EventStreamLog.DrainTimedOut(_logger, _layout.Stream, _options.DrainTimeout, left);
            }
        }
        finally
        {
            EventStreamLog.Closed(_logger, Written, Dropped, Retries, Duplicates);
        }
    }

    /// <summary>Creates the stream, or brings an existing one to these settings; retried until it succeeds (the server may be down at start).</summary>
    private async Task EnsureStream(NatsJSContext js)
    {
        if (!_options.CreateStream)
        {
            return;
        }

        var config = _layout.Config(_options.Replicas, _options.MaxAge, _options.DuplicateWindow);
        var outage = new Outage(this);
        while (true)
        {
            try
            {
                await js.CreateOrUpdateStreamAsync(config, _abandon.Token).ConfigureAwait(false);
                outage.End();
                EventStreamLog.Ready(_logger, _layout.Stream, _options.Url, _layout.Wildcard, _options.Replicas);
                return;
            }
            catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException && !_abandon.IsCancellationRequested)
            {
                await outage.Wait(e).ConfigureAwait(false);
            }
        }
    }
}
