using Botify.Protos.V1;
using Botify.Sim.Sessions;
using Botify.Sim.Worlds;
using Grpc.Core;
using Grpc.Net.Client;

namespace Botify.Sim.Remote;

/// <summary>
/// Drives a recommender over gRPC with simulated listeners: <c>Next</c> each step, <c>Last</c> when the
/// session ends. C sessions run at once over one reused channel (HTTP/2 multiplexed, more connections
/// when streams run out), never two of one listener; each call has a deadline, and a failed call
/// (deadline, unavailable, another status, a bad reply) is counted and ends its session, and the run goes on.
/// </summary>
public sealed class RemoteDriver : IDisposable
{
    private readonly World _world;
    private readonly RemoteDriverOptions _options;
    private readonly TimeProvider _time;
    private readonly SocketsHttpHandler _handler;
    private readonly GrpcChannel _channel;
    private readonly Recommender.RecommenderClient _client;

    /// <summary>Creates a driver; no connection is made until the run starts.</summary>
    public RemoteDriver(World world, RemoteDriverOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _world = world;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        _channel = GrpcChannel.ForAddress(options.Target, new GrpcChannelOptions { HttpHandler = _handler, DisposeHttpClient = true });
        _client = new Recommender.RecommenderClient(_channel);
    }

    /// <summary>Plays episodes 0..<paramref name="episodes"/>-1; records come back in episode order.</summary>
    public async Task<RemoteRunResult> RunAsync(int episodes, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(episodes);
        var records = new SessionRecord[episodes];
        var workers = new CallStats[Math.Min(_options.Concurrency, Math.Max(1, episodes))];
        var pacer = _options.Rate is { } rate ? new RatePacer(rate, _time) : null;
        using var locks = new ListenerLocks();
        var next = -1;
        var finished = 0;
        await Task.Run(() => EpisodePlan.Prefetch(_world, _options.Seed, episodes, Environment.ProcessorCount), cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();

        async Task WorkAsync(CallStats stats)
        {
            int episode;
            while ((episode = Interlocked.Increment(ref next)) < episodes)
            {
                records[episode] = await PlayAsync(episode, stats, pacer, locks, cancellationToken).ConfigureAwait(false);
                var done = Interlocked.Increment(ref finished);
                if (progress is not null && (done % 64 == 0 || done == episodes))
                {
                    progress.Report(done);
                }
            }
        }

        var tasks = new Task[workers.Length];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new CallStats();
            var stats = workers[i];
            tasks[i] = Task.Run(() => WorkAsync(stats), cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(started);
        return new RemoteRunResult(records, elapsed, CallStats.Merge(workers, elapsed));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _channel.Dispose();
        _handler.Dispose();
    }

    private async Task<SessionRecord> PlayAsync(int episode, CallStats stats, RatePacer? pacer, ListenerLocks locks, CancellationToken cancellationToken)
    {
        var session = EpisodePlan.Start(_world, _options.Seed, episode);
        var user = session.Listener.Id;
        using var gate = await locks.EnterAsync(user, cancellationToken).ConfigureAwait(false);
        var treatment = string.Empty;
        var errors = 0;
        while (true)
        {
            var request = new NextRequest { User = user, Track = session.LastTrack, Time = (float)session.LastTime };
            var reply = await CallAsync(
                static (client, request, options) => client.NextAsync(request, options),
                request,
                stats,
                pacer,
                cancellationToken).ConfigureAwait(false);
            if (reply is null)
            {
                errors++;
                break;
            }

            if (!_world.Catalog.Contains(reply.Track))
            {
                stats.Failure("BadReply");
                errors++;
                break;
            }

            treatment = reply.Treatment;
            session.Consume(reply.Track);
            if (session.IsOver || session.Steps >= _options.MaxSteps)
            {
                break;
            }
        }

        // Last also after a failure, so the listener's next session starts from a clean server-side state.
        var last = new LastRequest { User = user, Track = session.LastTrack, Time = (float)session.LastTime };
        var lastReply = await CallAsync(
            static (client, request, options) => client.LastAsync(request, options),
            last,
            stats,
            pacer,
            cancellationToken).ConfigureAwait(false);
        if (lastReply is null)
        {
            errors++;
        }
        else if (treatment.Length == 0)
        {
            treatment = lastReply.Treatment;
        }

        return new SessionRecord(episode, user, treatment, session.TotalTime, session.Steps, errors, !session.IsOver && errors == 0);
    }

    private async Task<TReply?> CallAsync<TRequest, TReply>(
        Func<Recommender.RecommenderClient, TRequest, CallOptions, AsyncUnaryCall<TReply>> call,
        TRequest request,
        CallStats stats,
        RatePacer? pacer,
        CancellationToken cancellationToken)
        where TReply : class
    {
        if (pacer is not null)
        {
            await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var started = _time.GetTimestamp();
        try
        {
            var options = new CallOptions(deadline: _time.GetUtcNow().UtcDateTime + _options.Deadline, cancellationToken: cancellationToken);
            using var pending = call(_client, request, options);
            var reply = await pending.ResponseAsync.ConfigureAwait(false);
            stats.Success(_time.GetElapsedTime(started));
            return reply;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            stats.Failure(e.StatusCode.ToString());
            return null;
        }
    }
}
