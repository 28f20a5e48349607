using System.Runtime.InteropServices;

namespace Botify.Api.Sessions;

/// <summary>
/// What the service remembers about one listener between calls (DESIGN.md "The fatigue rules"):
/// tracks played this session, the history stack whose top is the context, and the stale track
/// and artist buffers. It lives in an <see cref="ISessionStore"/>, never in a per-request object,
/// so the rules see the whole session.
/// </summary>
internal sealed class ListenerSession
{
    private readonly HashSet<int> _played;
    private readonly List<int> _playedOrder;

    public ListenerSession(int tracksTimeout, int artistsTimeout)
        : this([], [], new BoundedFifo(tracksTimeout), new BoundedFifo(artistsTimeout), 0)
    {
    }

    public ListenerSession(IEnumerable<int> played, IEnumerable<int> history, BoundedFifo staleTracks, BoundedFifo staleArtists, long lastSeenMs)
    {
        _playedOrder = [.. played];
        _played = [.. _playedOrder];
        History = [.. history];
        StaleTracks = staleTracks;
        StaleArtists = staleArtists;
        LastSeenMs = lastSeenMs;
    }

    /// <summary>Tracks heard this session, in first-play order.</summary>
    public IReadOnlyList<int> Played => _playedOrder;

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

    public void AddPlayed(int track)
    {
        if (_played.Add(track))
        {
            _playedOrder.Add(track);
        }
    }

    /// <summary>
    /// Makes the stale buffers match a treatment's capacities. A listener keeps one treatment, so this
    /// only changes anything when the configuration changed between calls.
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
        History.Clear();
        StaleTracks.Clear();
        StaleArtists.Clear();
    }
}
