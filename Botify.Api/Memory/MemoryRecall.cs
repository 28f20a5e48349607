using Botify.Api.Sessions;
using Botify.Api.Sources;
using Botify.Shared.Catalog;

namespace Botify.Api.Memory;

/// <summary>
/// Matches the current session to the listener's past sessions of the same taste and proposes what was heard
/// well there (docs/serving.md#memory). A past session matches by the tracks it shares with this one: each track
/// liked now (heard for at least the threshold, the session's first track included) that was liked or started
/// the past session counts +1, each skipped now that was liked there −1, and each of the model's neighbours of
/// this session (<c>hints</c>, the index's answer) liked there +<see cref="HintWeight"/>; from the catalog, each
/// artist liked both there and now +<see cref="ArtistWeight"/>, and the same genre of first track
/// +<see cref="GenreWeight"/>. The best-scoring sessions, and those at least half as good, are the match.
/// </summary>
internal sealed class MemoryRecall
{
    /// <summary>Weight of a past session's liked track that the model places among this session's neighbours.</summary>
    public const double HintWeight = 0.5;

    /// <summary>Weight of each artist a past session liked (or started with) that this session liked too.</summary>
    public const double ArtistWeight = 0.5;

    /// <summary>Weight of a past session that started in the same genre as this one (a weak sign: a few listeners' tastes share a genre).</summary>
    public const double GenreWeight = 0.25;

    /// <summary>
    /// Least share heard in a matched session for a track to be served again: above what the index's answers are
    /// heard for on average, so a remembered half-heard track is still the better bet (docs/serving.md#memory).
    /// </summary>
    public const float MinServedShare = 0.5f;

    private readonly IReadOnlyList<PastSession> _memory;
    private readonly double _threshold;
    private readonly Dictionary<int, int> _now;
    private readonly double[] _scores;

    private MemoryRecall(IReadOnlyList<PastSession> memory, double threshold, Dictionary<int, int> now, double[] scores, int matched)
    {
        _memory = memory;
        _threshold = threshold;
        _now = now;
        _scores = scores;
        Matched = matched;
    }

    /// <summary>Past sessions that match this one.</summary>
    public int Matched { get; }

    public static MemoryRecall Match(SessionPlays plays, IReadOnlyList<PastSession> memory, double threshold, IReadOnlyList<Candidate> hints, TrackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(plays);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(hints);
        ArgumentNullException.ThrowIfNull(catalog);

        // What this session says of each track it played: liked (+1) or skipped (-1); and the artists it liked.
        var now = new Dictionary<int, int>(plays.Tracks.Length);
        var likedArtists = new HashSet<int>();
        for (var i = 0; i < plays.Tracks.Length; i++)
        {
            var liked = Liked(plays.Shares[i], threshold);
            now[plays.Tracks[i]] = liked ? 1 : -1;
            if (liked && catalog.Contains(plays.Tracks[i]))
            {
                likedArtists.Add(catalog.ArtistOf(plays.Tracks[i]));
            }
        }

        var genre = plays.Tracks.Length > 0 ? Genre(catalog, plays.Tracks[0]) : null;
        HashSet<int>? hinted = hints.Count > 0 ? [.. hints.Select(h => h.Track)] : null;
        var scores = new double[memory.Count];
        var artists = new HashSet<int>();
        for (var s = 0; s < memory.Count; s++)
        {
            var past = memory[s];
            double score = 0;
            artists.Clear();
            for (var i = 0; i < past.Tracks.Length; i++)
            {
                if (i > 0 && !Liked(past.Shares[i], threshold))
                {
                    continue;
                }

                var track = past.Tracks[i];
                if (now.TryGetValue(track, out var verdict))
                {
                    score += verdict;
                }
                else if (hinted is not null && hinted.Contains(track))
                {
                    score += HintWeight;
                }

                if (catalog.Contains(track) && likedArtists.Contains(catalog.ArtistOf(track)) && artists.Add(catalog.ArtistOf(track)))
                {
                    score += ArtistWeight;
                }
            }

            if (genre is not null && string.Equals(genre, Genre(catalog, past.FirstTrack), StringComparison.Ordinal))
            {
                score += GenreWeight;
            }

            scores[s] = score;
        }

        // The sessions that match best, and those at least half as well: a weak match beside a strong one is another taste.
        var best = scores.Length > 0 ? scores.Max() : 0;
        var matched = 0;
        for (var s = 0; s < scores.Length; s++)
        {
            scores[s] = best > 0 && scores[s] >= best / 2 ? scores[s] : 0;
            matched += scores[s] > 0 ? 1 : 0;
        }

        return new MemoryRecall(memory, threshold, now, scores, matched);
    }

    /// <summary>A track's first genre tag; null when the catalog has none for it (the course's catalog has none).</summary>
    private static string? Genre(TrackCatalog catalog, int track) =>
        catalog.Contains(track) && catalog[track].Genres is { Count: > 0 } genres ? genres[0] : null;

    /// <summary>
    /// What the matched sessions heard for at least <see cref="MinServedShare"/> (their first tracks as heard in
    /// full) that this session has not played and does not <paramref name="exclude"/>, in the order to serve them:
    /// the best share heard there first (a listener hears a track of the same taste for about the same share
    /// again), then the matched sessions' summed score.
    /// </summary>
    public Candidate[] Candidates(IReadOnlyCollection<int> exclude, int k)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        if (Matched == 0 || k <= 0)
        {
            return [];
        }

        var excluded = exclude as ISet<int> ?? exclude.ToHashSet();
        var found = new Dictionary<int, (float Share, double Score)>();
        ForEachPlay((track, share, score) =>
        {
            if (share >= MinServedShare && !_now.ContainsKey(track) && !excluded.Contains(track))
            {
                var (best, sum) = found.GetValueOrDefault(track);
                found[track] = (Math.Max(best, share), sum + score);
            }
        });
        return
        [
            .. found.OrderByDescending(p => p.Value.Share).ThenByDescending(p => p.Value.Score).ThenBy(p => p.Key).Take(k)
                .Select(p => new Candidate(p.Key, p.Value.Share)),
        ];
    }

    /// <summary>Tracks the matched sessions heard for less than <see cref="MinServedShare"/>: the index need not propose them again.</summary>
    public IReadOnlyCollection<int> Disliked()
    {
        var disliked = new HashSet<int>();
        ForEachPlay((track, share, _) =>
        {
            if (share < MinServedShare && !_now.ContainsKey(track))
            {
                disliked.Add(track);
            }
        });
        return disliked;
    }

    /// <summary>
    /// The session's plays with the matched sessions' liked tracks before them, as liked plays of their share
    /// heard: the taste the index is asked for once memory has nothing left to serve. Null with no match.
    /// </summary>
    public SessionPlays? WithRecalledTaste(SessionPlays plays, int max)
    {
        ArgumentNullException.ThrowIfNull(plays);
        if (Matched == 0)
        {
            return null;
        }

        var best = new Dictionary<int, float>();
        ForEachPlay((track, share, _) =>
        {
            if (Liked(share, _threshold) && !_now.ContainsKey(track))
            {
                best[track] = Math.Max(share, best.GetValueOrDefault(track));
            }
        });
        var room = Math.Max(0, max - plays.Tracks.Length);
        var recalled = best.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(room).ToArray();
        return recalled.Length == 0
            ? null
            : new SessionPlays(plays.Previous, [.. recalled.Select(p => p.Key), .. plays.Tracks], [.. recalled.Select(p => p.Value), .. plays.Shares]);
    }

    /// <summary>Visits every play of the matched sessions with its share (a first track as heard in full) and the session's score.</summary>
    private void ForEachPlay(Action<int, float, double> visit)
    {
        for (var s = 0; s < _memory.Count; s++)
        {
            if (_scores[s] <= 0)
            {
                continue;
            }

            var past = _memory[s];
            for (var i = 0; i < past.Tracks.Length; i++)
            {
                visit(past.Tracks[i], i == 0 ? 1f : past.Shares[i], _scores[s]);
            }
        }
    }

    /// <summary>Heard for at least the threshold, the share as the listener reported it (0.7f is 0.7, not 0.69999...).</summary>
    private static bool Liked(float share, double threshold) => (double)(decimal)share >= threshold;
}
