using System.Diagnostics.Metrics;
using Botify.Api.Telemetry;
using StackExchange.Redis;

namespace Botify.Api.Sessions;

/// <summary>
/// Wraps a shared store (Redis) so its outage never fails or stalls a call: when the store throws or
/// misses its deadline, the update runs on a fresh session that is not stored, the result says why
/// (<see cref="SessionUpdate{T}.SessionLessReason"/>), the call is counted in
/// <c>botify_api_session_store_session_less_total</c> per reason, and a warning is logged at most once per
/// <see cref="WarningInterval"/>. A failed reset (on <c>Last</c>) is counted and dropped: the stale session
/// then expires with its idle TTL.
/// </summary>
internal sealed class SessionLessFallbackStore : ISessionStore, IDisposable
{
    /// <summary>At most one warning this often while the store stays down; the count says how many calls it covers.</summary>
    public static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly ISessionStore _inner;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionLessFallbackStore> _logger;
    private readonly LabelledCounter _sessionLess = new("reason");
    private readonly WarningThrottle _warnings;
    private long _outageCalls;
    private int _lastCallFailed;

    public SessionLessFallbackStore(ISessionStore inner, IMeterFactory meters, TimeProvider time, ILogger<SessionLessFallbackStore> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _inner = inner;
        _time = time;
        _logger = logger;
        _warnings = new WarningThrottle(time, WarningInterval);
        meters.Create(ApiMetrics.MeterName).CreateObservableCounter(
            "botify.api.session_store.session_less",
            _sessionLess.Observe,
            "{call}",
            "Calls answered without their stored session because the session store failed or missed its deadline, per reason");
    }

    /// <summary>True when the latest call to the store failed (for health: a partition the client has not noticed yet).</summary>
    public bool LastCallFailed => Volatile.Read(ref _lastCallFailed) == 1;

    public string? Outage => _inner.Outage ?? (LastCallFailed ? "the latest call to the store failed or missed its deadline" : null);

    /// <summary>Session-less calls for <paramref name="reason"/> so far (<see cref="SessionLessReasons"/>).</summary>
    public long Count(string reason) => _sessionLess.Count(reason);

    public async ValueTask<SessionUpdate<T>> UpdateAsync<T>(int user, Func<ListenerSession, T> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        string reason;
        Exception fault;
        try
        {
            var result = await _inner.UpdateAsync(user, update, cancellationToken).ConfigureAwait(false);
            Succeeded();
            return result;
        }
        catch (Exception e) when (Reason(e, cancellationToken) is { } r)
        {
            (reason, fault) = (r, e);
        }

        // The store may have failed after the update ran (on the write); the update only changes the
        // session it is given, so running it again on a fresh one is safe.
        Failed(reason, fault);
        var session = new ListenerSession { LastSeenMs = _time.GetUtcNow().ToUnixTimeMilliseconds() };
        return new SessionUpdate<T>(update(session), reason);
    }

    public async ValueTask<SessionPlays?> EndAsync(int user, CancellationToken cancellationToken)
    {
        try
        {
            var plays = await _inner.EndAsync(user, cancellationToken).ConfigureAwait(false);
            Succeeded();
            return plays;
        }
        catch (Exception e) when (Reason(e, cancellationToken) is { } reason)
        {
            Failed(reason, e);
            return null;
        }
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    /// <summary>The reason label for a store fault; null for anything else (a bug in the update, or the caller cancelling), which propagates.</summary>
    internal static string? Reason(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        TimeoutException or RedisTimeoutException => SessionLessReasons.Timeout,
        RedisConnectionException => SessionLessReasons.Unreachable,
        RedisException => SessionLessReasons.Error,
        _ => null,
    };

    private void Succeeded()
    {
        if (Volatile.Read(ref _lastCallFailed) == 0)
        {
            return;
        }

        Volatile.Write(ref _lastCallFailed, 0);
        var calls = Interlocked.Exchange(ref _outageCalls, 0);
        if (calls > 0)
        {
            SessionStoreLog.Recovered(_logger, calls);
        }
    }

    private void Failed(string reason, Exception fault)
    {
        _sessionLess.Add(reason);
        Volatile.Write(ref _lastCallFailed, 1);
        Interlocked.Increment(ref _outageCalls);
        if (_warnings.Due(out var calls))
        {
            SessionStoreLog.Unavailable(_logger, reason, fault.Message, calls);
        }
    }
}
