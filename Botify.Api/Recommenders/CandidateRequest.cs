using Botify.Api.Sessions;

namespace Botify.Api.Recommenders;

/// <summary>
/// What a candidate source is asked: up to <paramref name="K"/> tracks for a context (and listener),
/// skipping <paramref name="Exclude"/> where it can. <paramref name="Plays"/> holds the session's recent
/// plays and shares for a source that reads them (<see cref="SessionRecommender"/>), null otherwise.
/// </summary>
internal sealed record CandidateRequest(int User, int Context, int K, IReadOnlyCollection<int> Exclude, SessionPlays? Plays = null);
