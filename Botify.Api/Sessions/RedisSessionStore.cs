using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Botify.Api.Sessions;

/// <summary>
/// Sessions in Redis, so several API replicas share them. Each call reads the session, applies the
/// rules and writes it back with the idle TTL as the key's expiry, so Redis does the idle reset.
/// Two calls of one listener racing on two replicas is last-writer-wins: a listener's client waits
/// for each reply before the next call, so that race needs a misbehaving client.
/// </summary>
internal sealed class RedisSessionStore : ISessionStore, IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;
    private readonly SessionStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisSessionStore> _logger;

    public RedisSessionStore(IOptions<SessionStoreOptions> options, TimeProvider time, ILogger<RedisSessionStore> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(_options.RedisConfiguration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private IDatabase Database => _connection.Value.GetDatabase();

    public async ValueTask<T> UpdateAsync<T>(int user, int tracksTimeout, int artistsTimeout, Func<ListenerSession, T> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var key = Key(user);
        var stored = await Database.StringGetAsync(key).ConfigureAwait(false);
        ListenerSession session;
        if (stored.IsNullOrEmpty)
        {
            session = new ListenerSession(tracksTimeout, artistsTimeout);
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
                session = new ListenerSession(tracksTimeout, artistsTimeout);
            }
        }

        session.EnsureCapacities(tracksTimeout, artistsTimeout);
        session.LastSeenMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = update(session);
        await Database.StringSetAsync(key, SessionCodec.Encode(session), _options.IdleTtl).ConfigureAwait(false);
        return result;
    }

    public async ValueTask ResetAsync(int user, CancellationToken cancellationToken) =>
        await Database.KeyDeleteAsync(Key(user)).ConfigureAwait(false);

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }

    private RedisKey Key(int user) => _options.RedisKeyPrefix + user.ToString(CultureInfo.InvariantCulture);
}
