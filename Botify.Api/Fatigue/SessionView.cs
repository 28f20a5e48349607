namespace Botify.Api.Fatigue;

/// <summary>
/// What one call needs from the listener's session after the rules ran: the context track and the
/// sets to hold back. A copy, so the slow part of the call (the index) runs without the session's lock.
/// </summary>
/// <param name="Context">Track whose neighbours are the candidates.</param>
/// <param name="Played">Tracks heard this session.</param>
/// <param name="StaleTracks">Tracks held back for a while.</param>
/// <param name="StaleArtists">Artist ids held back for a while.</param>
/// <param name="ApplyFilters">False for treatments without the fatigue layer: candidates are used as they come.</param>
internal sealed record SessionView(int Context, HashSet<int> Played, int[] StaleTracks, int[] StaleArtists, bool ApplyFilters)
{
    /// <summary>Tracks to pass to the index as <c>exclude</c>: played and stale tracks, once each (filters on); nothing otherwise.</summary>
    public IReadOnlyCollection<int> ExcludedTracks() =>
        ApplyFilters ? [.. Played, .. StaleTracks.Where(track => !Played.Contains(track))] : [];

    public bool Allows(int track, int artist) =>
        !ApplyFilters || (!Played.Contains(track) && Array.IndexOf(StaleTracks, track) < 0 && Array.IndexOf(StaleArtists, artist) < 0);
}
