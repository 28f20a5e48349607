using Botify.Api.Sessions;

namespace Botify.Api.Sources;

/// <summary>
/// What a candidate source is asked: up to <paramref name="K"/> tracks for a context (and listener),
/// skipping <paramref name="Exclude"/> where it can. <paramref name="Plays"/> holds the session's recent
/// plays and shares for a source that reads them (<see cref="ICandidateSource.PlaysRead"/>), null otherwise.
/// <paramref name="SkipMemory"/> asks a source with a memory for its answer without it (the memory's tracks
/// were all held back by the session).
/// </summary>
internal sealed record CandidateRequest(int User, int Context, int K, IReadOnlyCollection<int> Exclude, SessionPlays? Plays = null, bool SkipMemory = false);
