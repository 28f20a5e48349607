using Botify.Api.Sources;

namespace Botify.Api.IndexClient;

/// <summary>One index search: <c>c[Context] (+ u[User])</c>, or the session's taste when <paramref name="Session"/> is set.</summary>
/// <param name="Context">Context track; with a session, still sent, so an index older than session queries answers for it.</param>
/// <param name="User">Listener whose vector is added; null = none.</param>
/// <param name="K">Tracks wanted.</param>
/// <param name="Exclude">Tracks the index must not return.</param>
/// <param name="Session">Weighted session tracks (<c>session_tracks</c>/<c>session_weights</c>); null = query by the context.</param>
internal sealed record IndexQuery(int Context, int? User, int K, IReadOnlyCollection<int> Exclude, SessionTaste? Session = null);
