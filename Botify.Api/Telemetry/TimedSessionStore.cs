using System.Diagnostics;
using Botify.Api.Sessions;

namespace Botify.Api.Telemetry;

/// <summary>
/// Times every call of the session store it wraps into <c>botify_api_session_store_duration_seconds</c>
/// (per store and operation), failures included with their <c>error.type</c> (the exception's type). The
/// memory store answers synchronously: that path records and returns the inner <see cref="ValueTask{T}"/>
/// as it is, with no state machine.
/// </summary>
internal sealed class TimedSessionStore(ISessionStore inner, SessionStoreKind kind, ApiMetrics metrics) : ISessionStore, IDisposable
{
    public string? Outage => inner.Outage;

    public ValueTask<SessionUpdate<T>> UpdateAsync<T>(int user, Func<ListenerSession, T> update, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = inner.UpdateAsync(user, update, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            metrics.SessionStoreCall(kind, reset: false, started);
            return pending;
        }

        return Timed(pending, started, reset: false);
    }

    public ValueTask<SessionPlays?> EndAsync(int user, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = inner.EndAsync(user, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            metrics.SessionStoreCall(kind, reset: true, started);
            return pending;
        }

        return Timed(pending, started, reset: true);
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private async ValueTask<T> Timed<T>(ValueTask<T> pending, long started, bool reset)
    {
        T result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            metrics.SessionStoreCallFailed(kind, reset, started, e);
            throw;
        }

        metrics.SessionStoreCall(kind, reset, started);
        return result;
    }
}
