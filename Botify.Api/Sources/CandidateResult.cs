namespace Botify.Api.Sources;

/// <summary>
/// Candidates best first, or why there are none (<see cref="FailureReason"/>, e.g. <c>index-unavailable</c>,
/// <c>cold-track</c>); <see cref="ModelVersion"/> names the index model that found them, when the index said.
/// <see cref="Source"/> names who found them when it is not the source asked (the memory before the index),
/// and is written as the reply's <c>source</c>. <see cref="InOrder"/> says the candidates are in the order to serve
/// them (the memory's best heard first): the pipeline takes the first the session allows instead of its pick rule.
/// </summary>
internal sealed record CandidateResult(IReadOnlyList<Candidate> Candidates, string? FailureReason = null, string? ModelVersion = null, string? Source = null, bool InOrder = false)
{
    public bool IsFailure => FailureReason is not null;

    public static CandidateResult Failed(string reason) => new([], reason);
}
