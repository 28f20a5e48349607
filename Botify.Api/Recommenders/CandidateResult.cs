namespace Botify.Api.Recommenders;

/// <summary>Candidates best first, or why there are none (<see cref="FailureReason"/>, e.g. <c>index-unavailable</c>, <c>cold-track</c>).</summary>
internal sealed record CandidateResult(IReadOnlyList<Candidate> Candidates, string? FailureReason = null)
{
    public bool IsFailure => FailureReason is not null;

    public static CandidateResult Failed(string reason) => new([], reason);
}
