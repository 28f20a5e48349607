namespace Botify.Api.Sources;

/// <summary>
/// One candidate source: proposes candidate tracks for a context. A treatment's pipeline
/// (<see cref="Core.TreatmentPipeline"/>) runs one source under the fatigue layer, a pick rule and the fallback chain.
/// </summary>
internal interface ICandidateSource
{
    /// <summary>Name written as the reply's <c>source</c> when this source served the track.</summary>
    string Name { get; }

    /// <summary>
    /// How many of the session's latest plays the source reads (<see cref="CandidateRequest.Plays"/>); 0 for a source
    /// that does not read the session. A source that reads them never proposes a played track: the pipeline then
    /// holds back played tracks with or without the fatigue layer.
    /// </summary>
    int PlaysRead => 0;

    ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken);
}
