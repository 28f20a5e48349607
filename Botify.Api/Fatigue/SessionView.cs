namespace Botify.Api.Fatigue;

/// <summary>
/// What one call needs from the listener's session after the rules ran: the context track and the
/// sets to hold back. A copy, so the slow part of the call (the index) runs without the session's lock.
/// <para>
/// The played and stale tracks are copied once, into one array: played tracks first, then the stale
/// tracks not played, each part sorted. The filters look tracks up by binary search in the parts, and the
/// index's <c>exclude</c> is that array as it is, so a call copies a session's tracks once, not once
/// per use.
/// </para>
/// </summary>
internal sealed class SessionView
{
    private readonly int[] _tracks;
    private readonly int _played;
    private readonly int[] _staleArtists;

    /// <param name="context">Track whose neighbours are the candidates.</param>
    /// <param name="played">Tracks heard this session.</param>
    /// <param name="staleTracks">Tracks held back for a while; those also played are kept once.</param>
    /// <param name="staleArtists">Artist ids held back for a while.</param>
    /// <param name="applyFilters">False for treatments without the fatigue layer: candidates are used as they come.</param>
    public SessionView(int context, ReadOnlySpan<int> played, ReadOnlySpan<int> staleTracks, ReadOnlySpan<int> staleArtists, bool applyFilters)
    {
        Context = context;
        ApplyFilters = applyFilters;
        _played = played.Length;
        Span<int> sortedPlayed = played.Length <= 256 ? stackalloc int[played.Length] : new int[played.Length];
        played.CopyTo(sortedPlayed);
        sortedPlayed.Sort();
        var stale = 0;
        foreach (var track in staleTracks)
        {
            stale += sortedPlayed.BinarySearch(track) < 0 ? 1 : 0;
        }

        _tracks = new int[played.Length + stale];
        sortedPlayed.CopyTo(_tracks);
        var next = played.Length;
        foreach (var track in staleTracks)
        {
            if (sortedPlayed.BinarySearch(track) < 0)
            {
                _tracks[next++] = track;
            }
        }

        _tracks.AsSpan(_played).Sort();
        _staleArtists = staleArtists.ToArray();
    }

    /// <summary>Track whose neighbours are the candidates.</summary>
    public int Context { get; }

    /// <summary>False for treatments without the fatigue layer: candidates are used as they come.</summary>
    public bool ApplyFilters { get; }

    /// <summary>Tracks heard this session, in ascending order.</summary>
    public IReadOnlyCollection<int> Played => new ArraySegment<int>(_tracks, 0, _played);

    /// <summary>True when the listener heard <paramref name="track"/> this session.</summary>
    public bool HasPlayed(int track) => _tracks.AsSpan(0, _played).BinarySearch(track) >= 0;

    /// <summary>Tracks to pass to the index as <c>exclude</c>: played and stale tracks, once each (filters on); nothing otherwise.</summary>
    public IReadOnlyCollection<int> ExcludedTracks() => ApplyFilters ? _tracks : [];

    public bool Allows(int track, int artist) =>
        !ApplyFilters
        || (_tracks.AsSpan(0, _played).BinarySearch(track) < 0
            && _tracks.AsSpan(_played).BinarySearch(track) < 0
            && Array.IndexOf(_staleArtists, artist) < 0);
}
