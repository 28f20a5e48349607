using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Botify.Api.Sessions;

/// <summary>
/// Sessions in this process. Calls of one listener are serialised by locking its session; idle
/// sessions are swept on a timer so memory follows the active listeners, not all listeners ever seen.
/// </summary>
internal sealed class InMemorySessionStore : ISessionStore, IDisposable
{
    private readonly ConcurrentDictionary<int, ListenerSession> _sessions = new();
    private readonly TimeProvider _time;
    private readonly long _ttlMs;
    private readonly ITimer _sweeper;

    public InMemorySessionStore(IOptions<SessionStoreOptions> options, TimeProvider time)
    {
        _time = time;
        var ttl = options.Value.IdleTtl;
        _ttlMs = (long)ttl.TotalMilliseconds;
        _sweeper = time.CreateTimer(_ => Sweep(), null, ttl, ttl);
    }

    public int Count => _sessions.Count;

    public ValueTask<SessionUpdate<T>> UpdateAsync<T>(int user, Func<ListenerSession, T> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        while (true)
        {
            var session = _sessions.GetOrAdd(user, static _ => new ListenerSession());
            lock (session)
            {
                // A sweep may have removed this session between GetOrAdd and the lock; start over then.
                if (!_sessions.TryGetValue(user, out var current) || !ReferenceEquals(current, session))
                {
                    continue;
                }

                if (session.LastSeenMs != 0 && now - session.LastSeenMs > _ttlMs)
                {
                    session.Reset();
                }

                session.LastSeenMs = now;
                return ValueTask.FromResult(new SessionUpdate<T>(update(session)));
            }
        }
    }

    public ValueTask<SessionPlays?> EndAsync(int user, CancellationToken cancellationToken)
    {
        if (!_sessions.TryRemove(user, out var session))
        {
            return ValueTask.FromResult<SessionPlays?>(null);
        }

        lock (session)
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var live = !session.IsEmpty && now - session.LastSeenMs <= _ttlMs;
            var plays = live ? session.AllPlays() : null;
            // A call that took this session before the removal sees it empty, not half of a finished session.
            session.Reset();
            return ValueTask.FromResult(plays);
        }
    }

    public void Sweep()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (user, session) in _sessions)
        {
            lock (session)
            {
                if (now - session.LastSeenMs > _ttlMs)
                {
                    _sessions.TryRemove(new KeyValuePair<int, ListenerSession>(user, session));
                }
            }
        }
    }

    public void Dispose() => _sweeper.Dispose();
}
