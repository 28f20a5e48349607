using System.Globalization;
using Botify.Api.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Botify.Api.Memory;

/// <summary>
/// Listener memory in Redis, shared by replicas, on the session store's connection and deadline: a list per
/// listener (<c>{prefix}{user}</c>, one encoded <see cref="PastSession"/> an item, oldest first) trimmed to
/// <see cref="ListenerMemoryOptions.MaxSessions"/> and expiring <see cref="ListenerMemoryOptions.Ttl"/> after its
/// last session; forgotten listeners in the hash <c>{prefix}forgotten</c> (user → Unix ms). Faults throw, as the
/// session store's do; <see cref="ResilientListenerMemory"/> counts them and answers without memory.
/// </summary>
internal sealed class RedisListenerMemory(RedisSessionStore connection, IOptions<ListenerMemoryOptions> options, IOptions<SessionStoreOptions> sessionOptions, TimeProvider time, ILogger<RedisListenerMemory> logger) : IListenerMemory
{
    /// <summary>How long a replica's claim on the rebuild holds before another may take it over.</summary>
    private static readonly TimeSpan RebuildClaim = TimeSpan.FromMinutes(10);

    private readonly ListenerMemoryOptions _options = options.Value;
    private readonly string _prefix = options.Value.RedisKeyPrefix;

    public async ValueTask<IReadOnlyList<PastSession>> ReadAsync(int user, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var database = await connection.DatabaseAsync(started, cancellationToken).ConfigureAwait(false);
        var items = await connection.WithinDeadlineAsync(database.ListRangeAsync(Key(user)), started, cancellationToken).ConfigureAwait(false);
        var oldest = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_options.Ttl.TotalMilliseconds;
        var sessions = new List<PastSession>(items.Length);
        foreach (var item in items)
        {
            try
            {
                var session = PastSessionCodec.Decode((byte[])item!);
                if (session.EndedMs >= oldest)
                {
                    sessions.Add(session);
                }
            }
            catch (FormatException e)
            {
                // An item written by another version is skipped rather than failing the listener's call.
                MemoryLog.PastSessionDiscarded(logger, user, e.Message);
            }
        }

        return sessions;
    }

    public async ValueTask AppendAsync(int user, PastSession session, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var database = await connection.DatabaseAsync(started, cancellationToken).ConfigureAwait(false);
        await connection.WithinDeadlineAsync(Append(database, user, session), started, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ForgetAsync(int user, long atMs, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var database = await connection.DatabaseAsync(started, cancellationToken).ConfigureAwait(false);
        var transaction = database.CreateTransaction();
        _ = transaction.HashSetAsync(ForgottenKey, user, atMs);
        _ = transaction.KeyDeleteAsync([Key(user), sessionOptions.Value.RedisKeyPrefix + user.ToString(CultureInfo.InvariantCulture)]);
        await connection.WithinDeadlineAsync(transaction.ExecuteAsync(), started, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyDictionary<int, long>> ForgottenAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var database = await connection.DatabaseAsync(started, cancellationToken).ConfigureAwait(false);
        var entries = await database.HashGetAllAsync(ForgottenKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        return entries.ToDictionary(e => (int)e.Name, e => (long)e.Value);
    }

    public async ValueTask<bool> NeedsRebuildAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var database = await connection.DatabaseAsync(started, cancellationToken).ConfigureAwait(false);
        // SET NX claims the rebuild for this replica; the claim expires, so a replica that dies mid-rebuild does not block the next.
        return await database.StringSetAsync(RebuiltKey, "claimed", RebuildClaim, When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RebuiltAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var database = await connection.DatabaseAsync(started, cancellationToken).ConfigureAwait(false);
        await database.StringSetAsync(RebuiltKey, time.GetUtcNow().ToUnixTimeMilliseconds()).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends many sessions in pipelined batches of 4,096 transactions.</summary>
    public async Task AppendManyAsync(IEnumerable<(int User, PastSession Session)> sessions, CancellationToken cancellationToken)
    {
        var database = await connection.DatabaseAsync(time.GetTimestamp(), cancellationToken).ConfigureAwait(false);
        var pending = new List<Task>();
        foreach (var (user, session) in sessions)
        {
            pending.Add(Append(database, user, session));
            if (pending.Count >= 4096)
            {
                await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<bool> Append(IDatabase database, int user, PastSession session)
    {
        var key = Key(user);
        var transaction = database.CreateTransaction();
        _ = transaction.ListRightPushAsync(key, PastSessionCodec.Encode(session));
        _ = transaction.ListTrimAsync(key, -_options.MaxSessions, -1);
        _ = transaction.KeyExpireAsync(key, _options.Ttl);
        return transaction.ExecuteAsync();
    }

    private RedisKey ForgottenKey => _prefix + "forgotten";

    private RedisKey RebuiltKey => _prefix + "rebuilt";

    private RedisKey Key(int user) => _prefix + user.ToString(CultureInfo.InvariantCulture);
}
