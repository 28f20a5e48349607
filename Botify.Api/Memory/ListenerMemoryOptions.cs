using System.ComponentModel.DataAnnotations;

namespace Botify.Api.Memory;

/// <summary>
/// The listener memory (DESIGN.md "Listener memory"), bound from the <c>ListenerMemory</c> section. It lives
/// where sessions do (<c>Sessions:Store</c>: this process, or Redis shared by replicas); docs/serving.md#memory.
/// </summary>
public sealed class ListenerMemoryOptions
{
    public const string Section = "ListenerMemory";

    /// <summary>Keep past sessions per listener. Default true; false records nothing and the memory arm serves its session taste alone.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most recent sessions kept per listener; older ones are dropped. Default 32, range 1..1000.</summary>
    [Range(1, 1000)]
    public int MaxSessions { get; set; } = 32;

    /// <summary>Most tracks kept of one session: its first track and then the best heard. Default 32, range 2..1000.</summary>
    [Range(2, 1000)]
    public int MaxTracksPerSession { get; set; } = 32;

    /// <summary>A session older than this is forgotten; a listener with none is removed. Default 30 days, range 1 minute..365 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Prefix of the Redis keys (<c>{prefix}{user}</c>, <c>{prefix}forgotten</c>, <c>{prefix}rebuilt</c>). Default <c>botify:memory:</c>.</summary>
    [Required]
    public string RedisKeyPrefix { get; set; } = "botify:memory:";

    /// <summary>
    /// Event logs (files or folders, as <c>Botify.Lab analyze --log</c> reads them) replayed into the memory when
    /// it starts empty, oldest first, so a new replica or deployment does not forget. Default none.
    /// </summary>
    public IList<string> RebuildFrom { get; } = [];

    /// <summary>
    /// Bearer token of the admin endpoints (<c>DELETE /admin/listeners/{user}</c>, forget a listener): empty (the
    /// default) turns them off, they answer 404; else at least 16 characters. Set it from a secret, never in a
    /// committed file.
    /// </summary>
    [RegularExpression("^$|^.{16,}$", ErrorMessage = "ListenerMemory:AdminToken must be empty (admin calls off) or at least 16 characters")]
    public string AdminToken { get; set; } = string.Empty;

    /// <summary>
    /// File of forgotten listeners (a line "user unix-ms" each) for the memory store, so a rebuild from the log
    /// leaves them out after a restart; Redis keeps them in <c>{prefix}forgotten</c>. Default none (kept in this
    /// process only).
    /// </summary>
    public string? ForgottenPath { get; set; }
}
