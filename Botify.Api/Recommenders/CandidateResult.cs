namespace Botify.Api.Recommenders;

/// <summary>
/// Candidates best first, or why there are none (<see cref="FailureReason"/>, e.g. <c>index-unavailable</c>,
/// <c>cold-track</c>); <see cref="ModelVersion"/> names the index model that found them, when the index said.
/// <see cref="Source"/> names who found them when it is not the source asked (the memory before the index),
/// and is written as the reply's <c>source</c>.
/// </summary>
internal sealed record CandidateResult(IReadOnlyList<Candidate> Candidates, string? FailureReason = null, string? ModelVersion = null, string? Source = null)
{
    public bool IsFailure => FailureReason is not null;

    public static CandidateResult Failed(string reason) => new([], reason);
}
