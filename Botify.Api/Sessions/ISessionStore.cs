namespace Botify.Api.Sessions;

/// <summary>
/// Where listener sessions live between calls. <see cref="UpdateAsync{T}"/> runs the update on the
/// listener's current session (a fresh one when absent or idle past the TTL) and keeps the result.
/// </summary>
internal interface ISessionStore
{
    /// <summary>
    /// Why calls cannot use their stored sessions now (the store is unreachable, or its latest call failed), or
    /// null while they can. A store in this process always can.
    /// </summary>
    string? Outage => null;

    /// <summary>
    /// Applies <paramref name="update"/> to the listener's session and stores it; returns what the update returned,
    /// and why the session was not the stored one when the store could not be used (<see cref="SessionUpdate{T}.SessionLessReason"/>).
    /// </summary>
    ValueTask<SessionUpdate<T>> UpdateAsync<T>(int user, Func<ListenerSession, T> update, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the listener's session (on <c>Last</c>) and returns its plays, oldest first, for the listener's
    /// memory; null when there was no live session (none, idle past the TTL, or the store unreachable).
    /// </summary>
    ValueTask<SessionPlays?> EndAsync(int user, CancellationToken cancellationToken);
}
