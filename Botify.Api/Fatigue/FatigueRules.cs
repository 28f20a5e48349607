using Botify.Api.Sessions;

namespace Botify.Api.Fatigue;

/// <summary>
/// Steps 1–4 of DESIGN.md "The fatigue rules": update the session with the track just heard and
/// choose the context. Steps 5–6 (filter, pick, retry, fallback) are in the treatment pipeline.
/// </summary>
internal static class FatigueRules
{
    /// <summary>
    /// Applies the rules for <c>Next(track, time)</c>; <paramref name="rules"/> null means no fatigue layer,
    /// where <paramref name="excludePlayed"/> still holds back the played tracks (the session source never repeats one).
    /// </summary>
    public static SessionView Apply(ListenerSession session, int track, double time, FatigueOptions? rules, Func<int, int> artistOf, bool excludePlayed = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        // The stale buffers hold what this treatment's timeouts say (none without the fatigue layer).
        session.EnsureCapacities(rules?.TracksTimeout ?? 0, rules?.ArtistsTimeout ?? 0);

        // 1. Every heard track is played, with the share heard, with or without the fatigue layer: the
        // fallback and the session source need them.
        session.AddPlayed(track, (float)time);
        if (rules is null)
        {
            return new SessionView(track, session.PlayedAsSpan(), [], [], applyFilters: excludePlayed);
        }

        if (time >= rules.Threshold)
        {
            // 2. Heard well: it becomes the context.
            session.History.Add(track);
        }
        else
        {
            // 3. Skipped: the track, and perhaps its artist, go stale.
            session.StaleTracks.Add(track);
            AddStaleArtist(session, artistOf(track), artistOf);
        }

        // 4. The context is the top of the history, the current track when the history is empty.
        var context = session.History.Count > 0 ? session.History[^1] : track;
        return new SessionView(context, session.PlayedAsSpan(), session.StaleTracks.AsSpan(), session.StaleArtists.AsSpan(), applyFilters: true);
    }

    /// <summary>
    /// Adds an artist to the stale buffer. An artist already stale changes nothing. When the buffer is
    /// full it overflows: the history backs off past every top by this artist, then the artist is added
    /// (evicting the oldest).
    /// </summary>
    public static void AddStaleArtist(ListenerSession session, int artist, Func<int, int> artistOf)
    {
        if (session.StaleArtists.Capacity == 0 || session.StaleArtists.Contains(artist))
        {
            return;
        }

        if (session.StaleArtists.IsFull)
        {
            var history = session.History;
            while (history.Count > 0 && artistOf(history[^1]) == artist)
            {
                history.RemoveAt(history.Count - 1);
            }
        }

        session.StaleArtists.Add(artist);
    }
}
