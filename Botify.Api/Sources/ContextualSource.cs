using Botify.Api.Caching;
using Botify.Api.IndexClient;

namespace Botify.Api.Sources;

/// <summary>
/// Index top-k for the context track's vector <c>c[context]</c> (the course's seminar recommender). The
/// answer depends only on the context track and the model, so it is served from the <see cref="CandidateCache"/>:
/// the first k cached candidates the session does not exclude. The index is asked on a miss (for the
/// cache's depth, no exclusions) and when the exclusions leave fewer than k (with them, as without the cache).
/// </summary>
internal sealed class ContextualSource(IIndexSearch index, CandidateCache cache) : ICandidateSource
{
    public string Name => "contextual";

    public async ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken)
    {
        if (!cache.Covers(request.K))
        {
            return await index.SearchAsync(new IndexQuery(request.Context, User: null, request.K, request.Exclude), cancellationToken).ConfigureAwait(false);
        }

        if (!cache.TryGet(request.Context, out var cached))
        {
            var wide = await index.SearchAsync(new IndexQuery(request.Context, User: null, cache.Depth, []), cancellationToken).ConfigureAwait(false);
            if (wide.IsFailure)
            {
                return wide;
            }

            cached = cache.Store(request.Context, wide);
        }

        var top = cached.Take(request.K, request.Exclude);
        if (top.Candidates.Count >= request.K || cached.Complete)
        {
            return top;
        }

        cache.Refilled();
        var narrow = await index.SearchAsync(new IndexQuery(request.Context, User: null, request.K, request.Exclude), cancellationToken).ConfigureAwait(false);
        // A busy or failing index still leaves the cached candidates the session allows.
        return narrow.IsFailure && top.Candidates.Count > 0 ? top : narrow;
    }
}
