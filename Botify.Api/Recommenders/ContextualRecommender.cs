using Botify.Api.Resilience;

namespace Botify.Api.Recommenders;

/// <summary>Index top-k for the context track's vector <c>c[context]</c> (the course's seminar recommender).</summary>
internal sealed class ContextualRecommender(IIndexSearch index) : ICandidateSource
{
    public string Name => "contextual";

    public ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken) =>
        index.SearchAsync(new IndexQuery(request.Context, User: null, request.K, request.Exclude), cancellationToken);
}
