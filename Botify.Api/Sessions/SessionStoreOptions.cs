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
}
