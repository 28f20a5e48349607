namespace Botify.Api.Recommenders;

/// <summary>What a candidate source is asked: up to <paramref name="K"/> tracks for a context (and listener), skipping <paramref name="Exclude"/> where it can.</summary>
internal sealed record CandidateRequest(int User, int Context, int K, IReadOnlyCollection<int> Exclude);
