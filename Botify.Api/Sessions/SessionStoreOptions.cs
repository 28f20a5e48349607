using System.ComponentModel.DataAnnotations;

namespace Botify.Api.Sessions;

/// <summary>Session settings, bound from the <c>Sessions</c> section.</summary>
public sealed class SessionStoreOptions
{
    public const string Section = "Sessions";

    /// <summary>Where sessions live. Default Memory.</summary>
    public SessionStoreKind Store { get; set; } = SessionStoreKind.Memory;

    /// <summary>A session idle this long starts afresh. Default 30 minutes, range 1 s..7 days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan IdleTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>StackExchange.Redis configuration string when <see cref="Store"/> is Redis. Default <c>localhost:6379</c>.</summary>
    [Required]
    public string RedisConfiguration { get; set; } = "localhost:6379";

    /// <summary>Prefix of the Redis keys (<c>{prefix}{user}</c>). Default <c>botify:session:</c>.</summary>
    [Required]
    public string RedisKeyPrefix { get; set; } = "botify:session:";

    /// <summary>
    /// Deadline of one session-store call to Redis (its read and its write together): past it the call is
    /// answered from a fresh session that is not stored (session-less). Also the client's sync and async
    /// timeouts. Default 50 ms, range 1 ms..5 s; keep it well under the API's own budget (the simulator's
    /// and the index client's ~100 ms).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan RedisOperationTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Timeout of one connect attempt to Redis. No call waits for a connect (calls fail fast to the
    /// session-less path while disconnected and the client reconnects in the background), so this may be
    /// longer than <see cref="RedisOperationTimeout"/>: a TLS handshake to a managed Redis can take more
    /// than 50 ms. Default 1 s, range 10 ms..30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan RedisConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
