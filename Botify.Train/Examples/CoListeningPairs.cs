namespace Botify.Train.Examples;

/// <summary>
/// The co-listening stream (docs/training.md): ordered pairs (a, b) of tracks one listener liked
/// together, with a weight, in columns. Two kinds of pair:
/// <list type="bullet">
/// <item>within a session: its first track (chosen by the listener, heard in full) and every track heard
/// for at least the threshold are liked together; each liked track is paired both ways with the first
/// track and with the <see cref="CoListeningSettings.Window"/> liked tracks before it;</item>
/// <item>across sessions: a listener's session-start tracks are paired with each other (both ways, each
/// with its <see cref="CoListeningSettings.Window"/> predecessors), at a lower weight, because a
/// listener has several unrelated interests and only some of those pairs share one.</item>
/// </list>
/// <see cref="Pool"/> is every pair's <c>b</c>: negatives drawn from it follow the positives' own
/// distribution, so a track that is often liked is as often a negative and the ranking loss learns
/// similarity, not popularity.
/// </summary>
public sealed class CoListeningPairs
{
    private CoListeningPairs(int[] contexts, int[] tracks, float[] weights, bool[] skipped, bool[] chosen, int[] pool,
        int[] sessionOf, int[] skipStarts, int[] skips)
    {
        SessionOf = sessionOf;
        SkipStarts = skipStarts;
        Skips = skips;
        Chosen = chosen;
        Contexts = contexts;
        Tracks = tracks;
        Weights = weights;
        Skipped = skipped;
        Pool = pool;
    }

    /// <summary>The liked track on the context side (<c>a</c>).</summary>
    public int[] Contexts { get; }

    /// <summary>The liked track on the track side (<c>b</c>).</summary>
    public int[] Tracks { get; }

    /// <summary>Weight of each pair in the ranking loss (1 within a session, <see cref="CoListeningSettings.StartPairWeight"/> across).</summary>
    public float[] Weights { get; }

    /// <summary>
    /// True for a logged skip: <c>b</c> was offered in <c>a</c>'s session and heard for less than
    /// <see cref="CoListeningSettings.SkipBelow"/>, a negative the listener gave, not one drawn.
    /// </summary>
    public bool[] Skipped { get; }

    /// <summary>True when a recommender's ranking chose <c>b</c> (not the listener, not a random draw).</summary>
    public bool[] Chosen { get; }

    /// <summary>Where negatives are drawn from: the <c>b</c> of every liked pair (uniform over those pairs).</summary>
    public int[] Pool { get; }

    /// <summary>
    /// Per pair, the index of its session's skips in <see cref="SkipStarts"/>, or −1 for a pair of no one session
    /// (session starts, logged skips).
    /// </summary>
    public int[] SessionOf { get; }

    /// <summary>Where each session's skips start in <see cref="Skips"/>; one entry more than there are sessions.</summary>
    public int[] SkipStarts { get; }

    /// <summary>
    /// The tracks each session's listener skipped (heard for less than <see cref="CoListeningSettings.SkipBelow"/>),
    /// leaving out repeats and, with a catalog, a track whose artist the session had already played: each is heard
    /// less than a liked track of the same session, for the same taste (docs/training.md).
    /// </summary>
    public int[] Skips { get; }

    public int Count => Contexts.Length;

    /// <summary>The skips of pair <paramref name="i"/>'s session (empty for a pair of no one session).</summary>
    public ReadOnlySpan<int> SessionSkips(int i)
    {
        var session = SessionOf[i];
        return session < 0 ? [] : Skips.AsSpan(SkipStarts[session], SkipStarts[session + 1] - SkipStarts[session]);
    }

    /// <summary>No pairs (co-listening off, or no session with two liked tracks).</summary>
    public static CoListeningPairs Empty { get; } = new([], [], [], [], [], [], [], [0], []);

    /// <summary>
    /// Builds the pairs of the chosen sessions; with <paramref name="artistOf"/> (the catalog's artists), a skip of
    /// an artist the session had already played is not one of its session's skips.
    /// </summary>
    public static CoListeningPairs From(IReadOnlyList<LoggedSession> sessions, IEnumerable<int> chosen, CoListeningSettings settings,
        Func<int, int>? artistOf = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(settings);
        var contexts = new List<int>();
        var tracks = new List<int>();
        var weights = new List<float>();
        var skipped = new List<bool>();
        var byRanking = new List<bool>();
        var pool = new List<int>();
        var liked = new List<int>();
        var likedUnchosen = new List<bool>();
        var startsByUser = new Dictionary<int, List<int>>();
        var sessionOf = new List<int>();
        var skipStarts = new List<int> { 0 };
        var skips = new List<int>();
        var played = new HashSet<int>();
        var artistsPlayed = new HashSet<int>();
        var session = -1;

        void Pair(int a, int b, float weight, bool aUnchosen, bool bUnchosen)
        {
            var byRankingPair = !(aUnchosen && bUnchosen);
            if (byRankingPair)
            {
                weight *= settings.ChosenPairWeight;
            }

            if (a == b || weight <= 0)
            {
                return;
            }

            contexts.Add(a);
            tracks.Add(b);
            weights.Add(weight);
            skipped.Add(false);
            byRanking.Add(byRankingPair);
            pool.Add(b);
            sessionOf.Add(session);
            contexts.Add(b);
            tracks.Add(a);
            weights.Add(weight);
            skipped.Add(false);
            byRanking.Add(byRankingPair);
            pool.Add(a);
            sessionOf.Add(session);
        }

        void PairWithRecent(List<int> items, List<bool>? unchosen, float weight, bool alwaysFirst)
        {
            bool Unchosen(int i) => unchosen is null || unchosen[i];
            for (var j = 1; j < items.Count; j++)
            {
                var from = Math.Max(0, j - settings.Window);
                if (alwaysFirst && from > 0)
                {
                    Pair(items[0], items[j], weight, Unchosen(0), Unchosen(j));
                }

                for (var i = from; i < j; i++)
                {
                    Pair(items[i], items[j], weight, Unchosen(i), Unchosen(j));
                }
            }
        }

        foreach (var s in chosen)
        {
            var logged = sessions[s];
            if (logged.Tracks.Count == 0)
            {
                continue;
            }

            session = settings.SessionNegatives > 0 ? CollectSkips(logged) : -1;

            liked.Clear();
            likedUnchosen.Clear();
            liked.Add(logged.Tracks[0]);
            likedUnchosen.Add(true);
            for (var i = 1; i < logged.Tracks.Count; i++)
            {
                // A repeat is heard for 0, so a liked track appears once; the check keeps a logged
                // re-listen from pairing a track with itself twice.
                if (logged.Times[i] >= settings.Threshold && !liked.Contains(logged.Tracks[i]))
                {
                    liked.Add(logged.Tracks[i]);
                    likedUnchosen.Add(logged.IsUnchosen(i));
                }
            }

            PairWithRecent(liked, likedUnchosen, 1f, alwaysFirst: true);
            if (settings.SkipPairWeight > 0)
            {
                for (var i = 1; i < logged.Tracks.Count; i++)
                {
                    var track = logged.Tracks[i];
                    if (logged.Times[i] < settings.SkipBelow && track != logged.Tracks[0])
                    {
                        contexts.Add(logged.Tracks[0]);
                        tracks.Add(track);
                        weights.Add(settings.SkipPairWeight);
                        skipped.Add(true);
                        byRanking.Add(!logged.IsUnchosen(i));
                        sessionOf.Add(-1);
                    }
                }
            }
            if (settings.StartPairWeight > 0)
            {
                if (!startsByUser.TryGetValue(logged.User, out var starts))
                {
                    startsByUser[logged.User] = starts = [];
                }

                if (!starts.Contains(logged.Tracks[0]))
                {
                    starts.Add(logged.Tracks[0]);
                }
            }
        }

        session = -1;
        foreach (var starts in startsByUser.Values)
        {
            PairWithRecent(starts, unchosen: null, settings.StartPairWeight, alwaysFirst: false);
        }

        return new CoListeningPairs([.. contexts], [.. tracks], [.. weights], [.. skipped], [.. byRanking], [.. pool],
            [.. sessionOf], [.. skipStarts], [.. skips]);

        // A skip counts only when the share heard says the taste ranked it below a liked track: not a repeat
        // (heard for 0), and not after its artist's earlier play (the artist discount cut it).
        int CollectSkips(LoggedSession logged)
        {
            played.Clear();
            artistsPlayed.Clear();
            for (var i = 0; i < logged.Tracks.Count; i++)
            {
                var track = logged.Tracks[i];
                var artist = artistOf?.Invoke(track) ?? -1;
                if (i > 0 && logged.Times[i] < settings.SkipBelow && !played.Contains(track) && (artist < 0 || !artistsPlayed.Contains(artist)))
                {
                    skips.Add(track);
                }

                played.Add(track);
                if (artist >= 0)
                {
                    artistsPlayed.Add(artist);
                }
            }

            skipStarts.Add(skips.Count);
            return skipStarts.Count - 2;
        }
    }
}
