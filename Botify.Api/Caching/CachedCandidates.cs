using Botify.Api.Sources;

namespace Botify.Api.Caching;

/// <summary>
/// The index's best candidates for one context track under one model, as <see cref="CandidateCache"/> keeps them.
/// </summary>
/// <param name="Candidates">Best first, at most the cache's depth.</param>
/// <param name="ModelVersion">The model that found them.</param>
/// <param name="Complete">The index returned fewer than asked: these are all the tracks it can reach.</param>
internal sealed record CachedCandidates(Candidate[] Candidates, string ModelVersion, bool Complete)
{
    private readonly CandidateResult _whole = new(Candidates, ModelVersion: ModelVersion);

    /// <summary>
    /// The first <paramref name="k"/> candidates not in <paramref name="exclude"/>, as the index would answer a
    /// query with those exclusions; fewer when not enough remain.
    /// </summary>
    public CandidateResult Take(int k, IReadOnlyCollection<int> exclude)
    {
        if (exclude.Count == 0)
        {
            return k >= Candidates.Length ? _whole : new CandidateResult(new ArraySegment<Candidate>(Candidates, 0, k), ModelVersion: ModelVersion);
        }

        // The exclusions sorted once, then one binary search per candidate.
        Span<int> excluded = exclude.Count <= 512 ? stackalloc int[exclude.Count] : new int[exclude.Count];
        var n = 0;
        foreach (var track in exclude)
        {
            excluded[n++] = track;
        }

        excluded.Sort();
        var kept = new List<Candidate>(Math.Min(k, Candidates.Length));
        foreach (var candidate in Candidates)
        {
            if (kept.Count == k)
            {
                break;
            }

            if (excluded.BinarySearch(candidate.Track) < 0)
            {
                kept.Add(candidate);
            }
        }

        return new CandidateResult(kept, ModelVersion: ModelVersion);
    }
}
