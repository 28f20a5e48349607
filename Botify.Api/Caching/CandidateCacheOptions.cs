using System.ComponentModel.DataAnnotations;

namespace Botify.Api.Caching;

/// <summary>The API's cache of the index's top-k per context track, bound from the <c>CandidateCache</c> section (docs/serving.md).</summary>
public sealed class CandidateCacheOptions
{
    public const string Section = "CandidateCache";

    /// <summary>Whether context-only queries (the Contextual recommender and its fatigue variants) are cached. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Most context tracks kept; past it the least recently used go. Default 50,000, range 1..10,000,000. An
    /// entry holds <see cref="Depth"/> candidates of 8 bytes plus about 400 bytes of bookkeeping (measured): about 1.6 KB
    /// at the default depth, 80 MB when full.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 50_000;

    /// <summary>
    /// Candidates kept per context track. Default 150, range 1..10,000. A request for k tracks is answered from
    /// the first k of them not excluded by the listener's session; when fewer remain, the index is asked with the
    /// exclusions. Requests for more than this bypass the cache.
    /// </summary>
    [Range(1, 10_000)]
    public int Depth { get; set; } = 150;

    /// <summary>
    /// How often the index's model version is read (<c>GetInfo</c>), so a reload empties the cache even when
    /// every call hits it. Default 1 s, range 100 ms..1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
