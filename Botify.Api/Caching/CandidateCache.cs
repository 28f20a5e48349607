using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Botify.Api.Sources;
using Botify.Api.Telemetry;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Botify.Api.Caching;

/// <summary>
/// The index's top candidates per context track under the serving model, for the queries that depend on
/// nothing else (the course's Contextual recommender and its fatigue variants): most of them then cost no
/// index call (docs/serving.md, "Candidate cache").
/// <para>
/// Entries live in a size-bounded <see cref="MemoryCache"/> (one unit an entry, least recently used
/// compacted first). Each carries the version of the model that found it, and only entries of the
/// <see cref="ModelVersion"/> read from the index are served: a reload empties the cache, and a reply from
/// another model is used for its own call but never stored.
/// </para>
/// </summary>
internal sealed class CandidateCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly MemoryCacheEntryOptions _entryOptions;
    private readonly Lock _versionGate = new();
    private string _version = string.Empty;
    private long _hits;
    private long _misses;
    private long _refills;
    private long _evictions;
    private long _invalidations;

    public CandidateCache(IOptions<CandidateCacheOptions> options, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        var settings = options.Value;
        Enabled = settings.Enabled;
        Depth = settings.Depth;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.MaxEntries });
        _entryOptions = new MemoryCacheEntryOptions { Size = 1 };
        _entryOptions.RegisterPostEvictionCallback(static (_, _, reason, state) =>
        {
            if (reason is EvictionReason.Capacity or EvictionReason.Expired)
            {
                Interlocked.Increment(ref ((CandidateCache)state!)._evictions);
            }
        }, this);

        var meter = meters.Create(ApiMetrics.MeterName);
        meter.CreateObservableCounter("botify.api.candidate_cache.hits", () => Hits, "{lookup}", "Context queries answered from the candidate cache");
        meter.CreateObservableCounter("botify.api.candidate_cache.misses", () => Misses, "{lookup}", "Context queries the candidate cache did not hold (the index was asked, and the answer kept)");
        meter.CreateObservableCounter("botify.api.candidate_cache.refills", () => Refills, "{lookup}", "Hits whose session exclusions left too few candidates, so the index was asked with them");
        meter.CreateObservableCounter("botify.api.candidate_cache.evictions", () => Evictions, "{entry}", "Entries dropped for room (least recently used first)");
        meter.CreateObservableCounter("botify.api.candidate_cache.invalidations", () => Interlocked.Read(ref _invalidations), "{reload}", "Times a new model version emptied the cache");
        meter.CreateObservableGauge("botify.api.candidate_cache.entries", () => Entries, "{entry}", "Context tracks held");
    }

    public bool Enabled { get; }

    /// <summary>Candidates kept per context track.</summary>
    public int Depth { get; }

    /// <summary>The index model whose entries are served; empty until the index has said.</summary>
    public string ModelVersion => Volatile.Read(ref _version);

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public long Refills => Interlocked.Read(ref _refills);

    public long Evictions => Interlocked.Read(ref _evictions);

    public long Entries => _cache.Count;

    /// <summary>True when a request for <paramref name="k"/> candidates can be answered from the cache.</summary>
    public bool Covers(int k) => Enabled && k <= Depth;

    /// <summary>The serving model's candidates for <paramref name="context"/>; counts a hit or a miss.</summary>
    public bool TryGet(int context, [NotNullWhen(true)] out CachedCandidates? candidates)
    {
        if (_cache.TryGetValue(context, out var value) && value is CachedCandidates found && found.ModelVersion == ModelVersion)
        {
            Interlocked.Increment(ref _hits);
            candidates = found;
            return true;
        }

        Interlocked.Increment(ref _misses);
        candidates = null;
        return false;
    }

    /// <summary>
    /// Wraps the index's answer to a <see cref="Depth"/>-wide query for <paramref name="context"/> and keeps it
    /// when the serving model found it.
    /// </summary>
    public CachedCandidates Store(int context, CandidateResult answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var candidates = new CachedCandidates(answer.Candidates as Candidate[] ?? [.. answer.Candidates], answer.ModelVersion ?? string.Empty, Complete: answer.Candidates.Count < Depth);
        if (candidates.ModelVersion == ModelVersion)
        {
            _cache.Set(context, candidates, _entryOptions);
        }

        return candidates;
    }

    /// <summary>Counts a hit whose exclusions left too few candidates (the index is asked with them).</summary>
    public void Refilled() => Interlocked.Increment(ref _refills);

    /// <summary>The index serves <paramref name="version"/>: a version other than the cached one empties the cache.</summary>
    public void Observe(string version)
    {
        if (version == ModelVersion)
        {
            return;
        }

        lock (_versionGate)
        {
            if (version != _version)
            {
                // The version moves first, so a reader racing the clear never serves an old entry as new.
                var replaced = _version.Length > 0;
                Volatile.Write(ref _version, version);
                _cache.Clear();
                if (replaced)
                {
                    Interlocked.Increment(ref _invalidations);
                }
            }
        }
    }

    public void Dispose() => _cache.Dispose();
}
