namespace Botify.Api.Memory;

/// <summary>
/// One listener's past sessions in this process, oldest first, at most a fixed number and none older than the
/// TTL. Not thread-safe: <see cref="InMemoryListenerMemory"/> locks it.
/// </summary>
internal sealed class ListenerHistory(int maxSessions)
{
    private readonly Queue<PastSession> _sessions = new();

    public int Count => _sessions.Count;

    public long LastEndedMs { get; private set; }

    public void Add(PastSession session)
    {
        _sessions.Enqueue(session);
        while (_sessions.Count > maxSessions)
        {
            _sessions.Dequeue();
        }

        LastEndedMs = Math.Max(LastEndedMs, session.EndedMs);
    }

    /// <summary>Drops sessions that ended before <paramref name="oldestMs"/>.</summary>
    public void DropBefore(long oldestMs)
    {
        while (_sessions.Count > 0 && _sessions.Peek().EndedMs < oldestMs)
        {
            _sessions.Dequeue();
        }
    }

    public PastSession[] Snapshot() => [.. _sessions];
}
