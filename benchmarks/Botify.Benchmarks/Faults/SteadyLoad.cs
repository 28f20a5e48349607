using System.Collections.Concurrent;
using System.Net.Http;
using Botify.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Benchmarks.Faults;

/// <summary>
/// An open loop of gRPC calls at a fixed rate: listeners play sessions of nine <c>Next</c> and one <c>Last</c>,
/// each reply's track the next call's track, as a player does. Calls are sent when due whatever the
/// server does, so an outage shows as failed or slow calls rather than as fewer calls.
/// </summary>
internal sealed class SteadyLoad : IAsyncDisposable
{
    public const int SessionLength = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);
    private readonly GrpcChannel _channel;
    private readonly Recommender.RecommenderClient _client;
    private readonly ConcurrentQueue<CallRecord> _records = new();
    private readonly ConcurrentDictionary<int, Task> _inFlight = new();
    private readonly ListenerState[] _listeners;
    private readonly int _rate;
    private readonly int _tracks;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public SteadyLoad(string grpcUrl, int rate, int tracks, int listeners, int seed)
    {
        _channel = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(1) },
        });
        _client = new Recommender.RecommenderClient(_channel);
        _rate = rate;
        _tracks = tracks;
        var random = new Random(seed);
        _listeners = Enumerable.Range(0, listeners).Select(user => new ListenerState(user, random.Next(tracks))).ToArray();
    }

    public IReadOnlyCollection<CallRecord> Records => _records;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Stops sending and waits for the calls in flight (each bounded by the deadline).</summary>
    public async Task<IReadOnlyList<CallRecord>> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
        return [.. _records.OrderBy(record => record.Started)];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _channel.Dispose();
    }

    private async Task RunAsync()
    {
        var started = FaultClock.Now;
        long sent = 0;
        var next = 0;
        while (!_stop.IsCancellationRequested)
        {
            var due = (long)((FaultClock.Now - started) * _rate);
            for (; sent < due; sent++)
            {
                var listener = _listeners[next];
                next = (next + 1) % _listeners.Length;
                var id = (int)sent;
                var call = CallAsync(listener);
                _inFlight[id] = call;
                _ = call.ContinueWith(_ => _inFlight.TryRemove(id, out var _), TaskScheduler.Default);
            }

            try
            {
                await Task.Delay(2, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task CallAsync(ListenerState listener)
    {
        int track;
        bool last;
        lock (listener)
        {
            listener.Step++;
            track = listener.Track;
            last = listener.Step % SessionLength == 0;
            if (last)
            {
                listener.Track = (listener.Track + 7_919) % _tracks;
            }
        }

        var started = FaultClock.Now;
        try
        {
            if (last)
            {
                await _client.LastAsync(new LastRequest { User = listener.User, Track = track, Time = 0.8f }, deadline: DateTime.UtcNow + Deadline).ConfigureAwait(false);
                _records.Enqueue(new CallRecord(started, FaultClock.Now, StatusCode.OK, null));
            }
            else
            {
                var reply = await _client.NextAsync(new NextRequest { User = listener.User, Track = track, Time = 0.8f }, deadline: DateTime.UtcNow + Deadline).ConfigureAwait(false);
                lock (listener)
                {
                    listener.Track = reply.Track;
                }

                _records.Enqueue(new CallRecord(started, FaultClock.Now, StatusCode.OK, reply.Source));
            }
        }
        catch (RpcException e)
        {
            _records.Enqueue(new CallRecord(started, FaultClock.Now, e.StatusCode, null));
        }
    }

    private sealed class ListenerState(int user, int track)
    {
        public int User { get; } = user;

        public int Track { get; set; } = track;

        public int Step { get; set; }
    }
}
