using System.Runtime.InteropServices;

namespace Botify.Api.Sessions;

/// <summary>
/// What the service remembers about one listener between calls (DESIGN.md "The fatigue rules"):
/// tracks played this session with the share of each heard, the history stack whose top is the
/// context, and the stale track and artist buffers. It lives in an <see cref="ISessionStore"/>, never in a per-request object,
/// so the rules see the whole session.
/// </summary>
internal sealed class ListenerSession
{
    private readonly HashSet<int> _played;
    private readonly List<int> _playedOrder;
    private readonly List<float> _shares;

    /// <summary>A fresh session; the fatigue rules size its stale buffers (<see cref="EnsureCapacities"/>).</summary>
    public ListenerSession()
        : this(0, 0)
    {
    }

    public ListenerSession(int tracksTimeout, int artistsTimeout)
        : this([], [], new BoundedFifo(tracksTimeout), new BoundedFifo(artistsTimeout), 0)
    {
    }

    /// <summary>A stored session; <paramref name="shares"/> parallels <paramref name="played"/>, null = 1.0 each (a session stored before shares were kept).</summary>
    public ListenerSession(IEnumerable<int> played, IEnumerable<int> history, BoundedFifo staleTracks, BoundedFifo staleArtists, long lastSeenMs, IEnumerable<float>? shares = null)
    {
        _playedOrder = [.. played];
        _played = [.. _playedOrder];
        _shares = shares is null ? [.. Enumerable.Repeat(1f, _playedOrder.Count)] : [.. shares];
        if (_shares.Count != _playedOrder.Count)
        {
            throw new ArgumentException($"{_shares.Count} shares for {_playedOrder.Count} played tracks", nameof(shares));
        }

        History = [.. history];
        StaleTracks = staleTracks;
        StaleArtists = staleArtists;
        LastSeenMs = lastSeenMs;
    }

    /// <summary>Tracks heard this session, in first-play order.</summary>
    public IReadOnlyList<int> Played => _playedOrder;

    /// <summary>Share heard of each track of <see cref="Played"/>, at the same index.</summary>
    public IReadOnlyList<float> Shares => _shares;

    /// <summary><see cref="Played"/> without a copy; valid until the session next changes.</summary>
    public ReadOnlySpan<int> PlayedAsSpan() => CollectionsMarshal.AsSpan(_playedOrder);

    /// <summary>The history stack: index 0 is the bottom (the session's first well-heard track), the last item the top.</summary>
    public List<int> History { get; }

    public BoundedFifo StaleTracks { get; private set; }

    public BoundedFifo StaleArtists { get; private set; }

    /// <summary>Unix milliseconds of the last call; the idle TTL counts from here.</summary>
    public long LastSeenMs { get; set; }

    public bool IsEmpty => _playedOrder.Count == 0 && History.Count == 0;

    public bool HasPlayed(int track) => _played.Contains(track);

    /// <summary>
    /// Records a heard track. A repeat keeps its first play's share: a repeat is heard for 0 because it
    /// is a repeat, which says nothing about the listener's taste for it.
    /// </summary>
    public void AddPlayed(int track, float share = 1f)
    {
        if (_played.Add(track))
        {
            _playedOrder.Add(track);
            _shares.Add(share);
        }
    }

    /// <summary>The last <paramref name="max"/> played tracks and their shares, oldest first; <paramref name="previous"/> is the track just heard.</summary>
    public SessionPlays RecentPlays(int previous, int max)
    {
        var count = Math.Min(max, _playedOrder.Count);
        var start = _playedOrder.Count - count;
        return new SessionPlays(previous, [.. _playedOrder.GetRange(start, count)], [.. _shares.GetRange(start, count)]);
    }

    /// <summary>Every play of the session and its share, oldest first (the session's first track first); <c>Previous</c> is the last one.</summary>
    public SessionPlays AllPlays() => new(_playedOrder.Count > 0 ? _playedOrder[^1] : -1, [.. _playedOrder], [.. _shares]);

    /// <summary>
    /// Makes the stale buffers match a treatment's capacities. A listener keeps one treatment, so this
    /// only changes anything for a fresh session, or when the configuration changed between calls.
    /// </summary>
    public void EnsureCapacities(int tracksTimeout, int artistsTimeout)
    {
        if (StaleTracks.Capacity != tracksTimeout)
        {
            StaleTracks = new BoundedFifo(tracksTimeout, StaleTracks.Items);
        }

        if (StaleArtists.Capacity != artistsTimeout)
        {
            StaleArtists = new BoundedFifo(artistsTimeout, StaleArtists.Items);
        }
    }

    public void Reset()
    {
        _played.Clear();
        _playedOrder.Clear();
        _shares.Clear();
        History.Clear();
        StaleTracks.Clear();
        StaleArtists.Clear();
    }
}
