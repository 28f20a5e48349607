using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Botify.Api.Memory;

/// <summary>
/// Listener memory in this process (one replica): a bounded <see cref="ListenerHistory"/> per listener, swept
/// hourly for sessions past the TTL. Forgotten listeners are kept (id and time) in memory and, when
/// <see cref="ListenerMemoryOptions.ForgottenPath"/> is set, appended to that file, so a restart's rebuild
/// from the log still leaves them out.
/// </summary>
internal sealed class InMemoryListenerMemory : IListenerMemory, IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<int, ListenerHistory> _listeners = new();
    private readonly ConcurrentDictionary<int, long> _forgotten = new();
    private readonly ListenerMemoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;
    private readonly Lock _fileLock = new();

    public InMemoryListenerMemory(IOptions<ListenerMemoryOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        if (_options.ForgottenPath is { Length: > 0 } path && File.Exists(path))
        {
            foreach (var (user, at) in ForgottenFile.Read(path))
            {
                _forgotten[user] = Math.Max(at, _forgotten.GetValueOrDefault(user));
            }
        }

        _sweeper = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Listeners with at least one remembered session.</summary>
    public int Count => _listeners.Count;

    public ValueTask<IReadOnlyList<PastSession>> ReadAsync(int user, CancellationToken cancellationToken)
    {
        if (!_listeners.TryGetValue(user, out var history))
        {
            return ValueTask.FromResult<IReadOnlyList<PastSession>>([]);
        }

        lock (history)
        {
            history.DropBefore(OldestKeptMs());
            return ValueTask.FromResult<IReadOnlyList<PastSession>>(history.Snapshot());
        }
    }

    public ValueTask AppendAsync(int user, PastSession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            var history = _listeners.GetOrAdd(user, static (_, max) => new ListenerHistory(max), _options.MaxSessions);
            lock (history)
            {
                // A sweep or a forget may have removed this history between GetOrAdd and the lock; start over then.
                if (!_listeners.TryGetValue(user, out var current) || !ReferenceEquals(current, history))
                {
                    continue;
                }

                history.Add(session);
                return ValueTask.CompletedTask;
            }
        }
    }

    public async Task AppendManyAsync(IEnumerable<(int User, PastSession Session)> sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        foreach (var (user, session) in sessions)
        {
            await AppendAsync(user, session, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask ForgetAsync(int user, long atMs, CancellationToken cancellationToken)
    {
        // The file first: if it cannot be written the call fails with nothing changed, and the caller retries.
        if (_options.ForgottenPath is { Length: > 0 } path)
        {
            lock (_fileLock)
            {
                File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture, $"{user} {atMs}\n"));
            }
        }

        _forgotten[user] = atMs;
        if (_listeners.TryRemove(user, out var history))
        {
            lock (history)
            {
                history.DropBefore(long.MaxValue);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyDictionary<int, long>> ForgottenAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<int, long>>(new Dictionary<int, long>(_forgotten));

    public ValueTask<bool> NeedsRebuildAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_listeners.IsEmpty);

    public ValueTask RebuiltAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Drops sessions past the TTL and the listeners left with none.</summary>
    public void Sweep()
    {
        var oldest = OldestKeptMs();
        foreach (var (user, history) in _listeners)
        {
            lock (history)
            {
                history.DropBefore(oldest);
                if (history.Count == 0)
                {
                    _listeners.TryRemove(new KeyValuePair<int, ListenerHistory>(user, history));
                }
            }
        }
    }

    public void Dispose() => _sweeper.Dispose();

    private long OldestKeptMs() => _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_options.Ttl.TotalMilliseconds;
}
