using Botify.Shared.Catalog;

namespace Botify.Api.Sources;

/// <summary>Uniformly random catalog tracks not in the request's exclude set (the lower bound, and the last fallback).</summary>
internal sealed class RandomSource(TrackCatalog catalog, Random random) : ICandidateSource
{
    public string Name => "random";

    public ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CandidateResult(Draw(request.K, request.Exclude)));

    /// <summary>Up to k distinct tracks outside <paramref name="exclude"/>; bounded tries, so a nearly exhausted catalog returns fewer.</summary>
    public List<Candidate> Draw(int k, IReadOnlyCollection<int> exclude)
    {
        var picked = new List<Candidate>(k);
        var seen = new HashSet<int>();
        var excluded = exclude as IReadOnlySet<int> ?? exclude.ToHashSet();
        for (var tries = 0; picked.Count < k && tries < 4 * k + 16; tries++)
        {
            var track = random.Next(catalog.Count);
            if (!excluded.Contains(track) && seen.Add(track))
            {
                picked.Add(new Candidate(track, 0f));
            }
        }

        return picked;
    }
}
