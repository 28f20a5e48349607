namespace Botify.Api.Recommenders;

/// <summary>
/// One recommender: proposes candidate tracks for a context. A treatment is a pipeline of them:
/// a source, the fatigue layer over it, a pick rule and the fallback chain.
/// </summary>
internal interface ICandidateSource
{
    /// <summary>Name written as the reply's <c>source</c> when this recommender served the track.</summary>
    string Name { get; }

    ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken);
}
