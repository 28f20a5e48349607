namespace Botify.Api.Memory;

/// <summary>
/// One ended session in a listener's memory: its tracks in play order (the session's first track first,
/// reported heard in full) with the share heard of each, and when it ended (Unix ms).
/// </summary>
internal sealed record PastSession(long EndedMs, int[] Tracks, float[] Shares)
{
    /// <summary>The track that started the session.</summary>
    public int FirstTrack => Tracks[0];

    /// <summary>
    /// A session ended by <c>Last(lastTrack, lastShare)</c>, as memory keeps it: its plays, then the track it ended
    /// on unless that was a repeat (a repeat keeps its first share), bounded by <see cref="Bounded"/>. The online
    /// path and the rebuild from the log both end sessions here, so they remember the same thing.
    /// </summary>
    public static PastSession? Ended(long endedMs, IReadOnlyList<int> tracks, IReadOnlyList<float> shares, int lastTrack, float lastShare, int maxTracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(shares);
        var repeat = tracks.Contains(lastTrack);
        int[] allTracks = repeat ? [.. tracks] : [.. tracks, lastTrack];
        float[] allShares = repeat ? [.. shares] : [.. shares, lastShare];
        return Bounded(endedMs, allTracks, allShares, maxTracks);
    }

    /// <summary>
    /// A session as memory keeps it: at most <paramref name="maxTracks"/> tracks, the first one always and then
    /// the best heard (ties by play order), in play order. Null for a session with no track.
    /// </summary>
    public static PastSession? Bounded(long endedMs, ReadOnlySpan<int> tracks, ReadOnlySpan<float> shares, int maxTracks)
    {
        if (tracks.Length == 0)
        {
            return null;
        }

        if (tracks.Length <= maxTracks)
        {
            return new PastSession(endedMs, tracks.ToArray(), shares.ToArray());
        }

        // Keep the first track, then the best heard: what memory serves and matches on.
        var order = new int[tracks.Length - 1];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i + 1;
        }

        var sharesCopy = shares.ToArray();
        Array.Sort(order, (a, b) => sharesCopy[b] != sharesCopy[a] ? sharesCopy[b].CompareTo(sharesCopy[a]) : a.CompareTo(b));
        var kept = order.AsSpan(0, maxTracks - 1);
        kept.Sort();
        var keptTracks = new int[maxTracks];
        var keptShares = new float[maxTracks];
        keptTracks[0] = tracks[0];
        keptShares[0] = shares[0];
        for (var i = 0; i < kept.Length; i++)
        {
            keptTracks[i + 1] = tracks[kept[i]];
            keptShares[i + 1] = shares[kept[i]];
        }

        return new PastSession(endedMs, keptTracks, keptShares);
    }
}
