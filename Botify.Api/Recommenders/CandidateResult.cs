namespace Botify.Api.Recommenders;

/// <summary>
/// Candidates best first, or why there are none (<see cref="FailureReason"/>, e.g. <c>index-unavailable</c>,
/// <c>cold-track</c>); <see cref="ModelVersion"/> names the index model that found them, when the index said.
/// </summary>
internal sealed record CandidateResult(IReadOnlyList<Candidate> Candidates, string? FailureReason = null, string? ModelVersion = null)
{
    public bool IsFailure => FailureReason is not null;

    public static CandidateResult Failed(string reason) => new([], reason);
}
