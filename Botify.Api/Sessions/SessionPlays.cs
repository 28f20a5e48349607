namespace Botify.Api.Sessions;

/// <summary>
/// A copy of a session's most recent plays for one call: the tracks in first-play order with the
/// share heard of each (the session's first track counts as heard in full), and the track just heard.
/// </summary>
/// <param name="Previous">The track the listener just heard (the call's <c>track</c>).</param>
/// <param name="Tracks">Played tracks, oldest first.</param>
/// <param name="Shares">Share heard of <c>Tracks[i]</c>, 0..1.</param>
internal sealed record SessionPlays(int Previous, int[] Tracks, float[] Shares);
