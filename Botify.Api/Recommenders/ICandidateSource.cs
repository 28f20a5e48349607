namespace Botify.Api.Recommenders;

/// <summary>
/// One recommender: proposes candidate tracks for a context. A treatment is a pipeline of them:
/// a source, the fatigue layer over it, a pick rule and the fallback chain.
/// </summary>
internal interface ICandidateSource
{
    /// <summary>Name written as the reply's <c>source</c> when this recommender served the track.</summary>
    string Name { get; }

    /// <summary>
    /// True for a source that reads the session's plays (<see cref="CandidateRequest.Plays"/>) and never proposes
    /// a played track: the pipeline then holds back played tracks with or without the fatigue layer.
    /// </summary>
    bool ReadsSession => false;

    ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken);
}
