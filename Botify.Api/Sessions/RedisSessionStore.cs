using System.Diagnostics.Metrics;
using System.Globalization;
using Botify.Api.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Botify.Api.Sessions;

/// <summary>
/// Sessions in Redis, so several API replicas share them. Each call reads the session, applies the
/// rules and writes it back with the idle TTL as the key's expiry, so Redis does the idle reset.
/// Two calls of one listener racing on two replicas is last-writer-wins: a listener's client waits
/// for each reply before the next call, so that race needs a misbehaving client.
/// <para>
/// Never wedges: the client connects in the background and keeps reconnecting (a failed first connect
/// is not remembered), commands fail at once while disconnected instead of queueing, and every call
/// has <see cref="SessionStoreOptions.RedisOperationTimeout"/> as its deadline. A failed call throws
/// (<see cref="RedisException"/> or <see cref="TimeoutException"/>); <see cref="SessionLessFallbackStore"/>
/// turns that into a session-less answer.
/// </para>
/// <para>
/// Instrumented with the client's own counters, read at scrape time (OpenTelemetry's StackExchange.Redis
/// instrumentation is a prerelease, and traces only): <c>botify.api.session_store.redis.connected</c>,
/// <c>.operations</c> and <c>.outstanding</c> (docs/operations/observability.md).
/// </para>
/// </summary>
internal sealed class RedisSessionStore : ISessionStore, IDisposable
{
    private readonly SessionStoreOptions _options;
    private readonly ConfigurationOptions _configuration;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisSessionStore> _logger;
    private readonly Lock _connectLock = new();
    private Task<ConnectionMultiplexer> _connecting;
    private bool _disposed;

    public RedisSessionStore(IOptions<SessionStoreOptions> options, TimeProvider time, ILogger<RedisSessionStore> logger, IMeterFactory? meters = null)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _configuration = ClientConfiguration(_options);
        _connecting = ConnectionMultiplexer.ConnectAsync(_configuration);
        if (meters is not null)
        {
            Instrument(meters.Create(ApiMetrics.MeterName));
        }
    }

    /// <summary>True while the client holds a live connection to Redis.</summary>
    public bool IsConnected => _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected;

    public string? Outage => IsConnected ? null : "Redis is unreachable while the client reconnects";

    /// <summary>The client, once its first connect has completed; null before (or after a failed connect, until the retry) and once disposed.</summary>
    private ConnectionMultiplexer? Client => !Volatile.Read(ref _disposed) && _connecting.IsCompletedSuccessfully ? _connecting.Result : null;

    /// <summary>
    /// The client settings: <c>abortConnect=false</c> (the first connect's failure is not kept: the client
    /// retries in the background), fail-fast backlog (a command while disconnected throws at once rather
    /// than waiting out its timeout in a queue), and the operation deadline as sync and async timeouts.
    /// </summary>
    internal static ConfigurationOptions ClientConfiguration(SessionStoreOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.RedisConfiguration);
        var operationMs = Math.Max(1, (int)options.RedisOperationTimeout.TotalMilliseconds);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = Math.Max(1, (int)options.RedisConnectTimeout.TotalMilliseconds);
        configuration.SyncTimeout = operationMs;
        configuration.AsyncTimeout = operationMs;
        // Reconnect attempts 100 ms..1 s apart however long the outage, so recovery follows Redis within a heartbeat or two.
        configuration.ReconnectRetryPolicy = new ExponentialRetry(100, 1000);
        return configuration;
    }

    public async ValueTask<SessionUpdate<T>> UpdateAsync<T>(int user, Func<ListenerSession, T> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var started = _time.GetTimestamp();
        var database = await Database(started, cancellationToken).ConfigureAwait(false);
        var key = Key(user);
        var stored = await WithinDeadline(database.StringGetAsync(key), started, cancellationToken).ConfigureAwait(false);
        ListenerSession session;
        if (stored.IsNullOrEmpty)
        {
            session = new ListenerSession();
        }
        else
        {
            try
            {
                session = SessionCodec.Decode((byte[])stored!);
            }
            catch (FormatException e)
            {
                // A session written by another version is dropped rather than failing the listener's call.
                ApiLog.SessionDiscarded(_logger, user, e.Message);
                session = new ListenerSession();
            }
        }

        session.LastSeenMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = update(session);
        await WithinDeadline(database.StringSetAsync(key, SessionCodec.Encode(session), _options.IdleTtl), started, cancellationToken).ConfigureAwait(false);
        return new SessionUpdate<T>(result);
    }

    public async ValueTask<SessionPlays?> EndAsync(int user, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var database = await Database(started, cancellationToken).ConfigureAwait(false);
        // GETDEL (Redis 6.2+): the session is read and removed in one step, so a racing call cannot keep it.
        var stored = await WithinDeadline(database.StringGetDeleteAsync(Key(user)), started, cancellationToken).ConfigureAwait(false);
        if (stored.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            var session = SessionCodec.Decode((byte[])stored!);
            return session.IsEmpty ? null : session.AllPlays();
        }
        catch (FormatException e)
        {
            ApiLog.SessionDiscarded(_logger, user, e.Message);
            return null;
        }
    }

    /// <summary>The shared client's database, for the listener memory on the same connection (<see cref="Memory.RedisListenerMemory"/>).</summary>
    internal ValueTask<IDatabase> DatabaseAsync(long started, CancellationToken cancellationToken) => Database(started, cancellationToken);

    /// <summary>Awaits a command of the listener memory within the same per-call deadline as the session's.</summary>
    internal Task<TResult> WithinDeadlineAsync<TResult>(Task<TResult> operation, long started, CancellationToken cancellationToken) => WithinDeadline(operation, started, cancellationToken);

    public void Dispose()
    {
        lock (_connectLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        if (_connecting.IsCompletedSuccessfully)
        {
            _connecting.Result.Dispose();
        }
        else
        {
            _connecting.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// The database. While the client's first connect is under way the call waits for it within its deadline
    /// (a loopback connect takes milliseconds, so the first calls after start-up keep their sessions).
    /// </summary>
    private async ValueTask<IDatabase> Database(long started, CancellationToken cancellationToken)
    {
        var connecting = _connecting;
        if (connecting.IsCompletedSuccessfully)
        {
            return connecting.Result.GetDatabase();
        }

        try
        {
            return (await WithinDeadline(connecting, started, cancellationToken).ConfigureAwait(false)).GetDatabase();
        }
        catch (Exception e) when (e is not (TimeoutException or OperationCanceledException))
        {
            // abortConnect=false makes this rare (a bad endpoint name, say); start over rather than keep the fault.
            Reconnect(connecting);
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "the session store could not connect to Redis; reconnecting", e, CommandStatus.Unknown);
        }
    }

    private void Reconnect(Task<ConnectionMultiplexer> failed)
    {
        lock (_connectLock)
        {
            if (!_disposed && ReferenceEquals(_connecting, failed))
            {
                _connecting = ConnectionMultiplexer.ConnectAsync(_configuration);
            }
        }
    }

    /// <summary>
    /// Awaits <paramref name="operation"/> until the call's deadline: the client checks its own timeouts only
    /// on its heartbeat (about once a second), so the deadline is enforced here, per call.
    /// </summary>
    private async Task<TResult> WithinDeadline<TResult>(Task<TResult> operation, long started, CancellationToken cancellationToken)
    {
        var remaining = _options.RedisOperationTimeout - _time.GetElapsedTime(started);
        try
        {
            return await operation.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // The abandoned command may still fail later; observe it so it is not reported as unobserved.
            _ = operation.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>
    /// The multiplexer's own counters as observable instruments, read at scrape time: whether it is connected,
    /// the operations it has issued (since this multiplexer was made: a reconnect after a failed first connect
    /// makes a new one, and the count starts over), and the commands queued or sent but not yet answered.
    /// </summary>
    private void Instrument(Meter meter)
    {
        meter.CreateObservableGauge("botify.api.session_store.redis.connected", () => IsConnected ? 1 : 0, description: "1 while the session store's Redis client holds a live connection, else 0");
        meter.CreateObservableCounter(
            "botify.api.session_store.redis.operations",
            () => Client is { } client ? [new Measurement<long>(client.OperationCount)] : Array.Empty<Measurement<long>>(),
            "{operation}",
            "Operations the session store's Redis client has issued (IConnectionMultiplexer.OperationCount)");
        meter.CreateObservableGauge(
            "botify.api.session_store.redis.outstanding",
            () => Client is { } client ? [new Measurement<long>(client.GetCounters().TotalOutstanding)] : Array.Empty<Measurement<long>>(),
            "{operation}",
            "Commands of the session store's Redis client queued or sent and not yet answered (GetCounters().TotalOutstanding)");
    }

    private RedisKey Key(int user) => _options.RedisKeyPrefix + user.ToString(CultureInfo.InvariantCulture);
}
