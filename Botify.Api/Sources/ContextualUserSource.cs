using Botify.Api.IndexClient;

namespace Botify.Api.Sources;

/// <summary>
/// Index top-k for <c>c[context] + u[user]</c>: the context plus the listener's taste. A listener the
/// model has not seen (NOT_FOUND) gets the context alone, as <see cref="ContextualSource"/>.
/// </summary>
internal sealed class ContextualUserSource(IIndexSearch index) : ICandidateSource
{
    public string Name => "contextual-user";

    public async ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken)
    {
        var result = await index.SearchAsync(new IndexQuery(request.Context, request.User, request.K, request.Exclude), cancellationToken).ConfigureAwait(false);
        if (result.FailureReason == FallbackReasons.NotFound)
        {
            result = await index.SearchAsync(new IndexQuery(request.Context, User: null, request.K, request.Exclude), cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
