using Botify.Api.Recommenders;
using Botify.Api.Sessions;

namespace Botify.Api.Memory;

/// <summary>
/// Matches the current session to the listener's past sessions of the same taste and proposes what was heard
/// well there (docs/serving.md#memory). A past session matches by the tracks it shares with this one: each track
/// liked now (heard for at least the threshold, the session's first track included) that was liked or started
/// the past session counts +1, each skipped now that was liked there −1, and each of the model's neighbours of
/// this session (<c>hints</c>, the index's answer) liked there +<see cref="HintWeight"/>. The sessions that
/// score above 0 are the match.
/// </summary>
internal sealed class MemoryRecall
{
    /// <summary>Weight of a past session's liked track that the model places among this session's neighbours.</summary>
    public const double HintWeight = 0.5;

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

    public static MemoryRecall Match(SessionPlays plays, IReadOnlyList<PastSession> memory, double threshold, IReadOnlyList<Candidate> hints)
    {
        ArgumentNullException.ThrowIfNull(plays);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(hints);

        // What this session says of each track it played: liked (+1) or skipped (-1).
        var now = new Dictionary<int, int>(plays.Tracks.Length);
        for (var i = 0; i < plays.Tracks.Length; i++)
        {
            now[plays.Tracks[i]] = Liked(plays.Shares[i], threshold) ? 1 : -1;
        }

        HashSet<int>? hinted = hints.Count > 0 ? [.. hints.Select(h => h.Track)] : null;
        var scores = new double[memory.Count];
        var matched = 0;
        for (var s = 0; s < memory.Count; s++)
        {
            var past = memory[s];
            double score = 0;
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
            }

            scores[s] = score;
            matched += score > 0 ? 1 : 0;
        }

        return new MemoryRecall(memory, threshold, now, scores, matched);
    }

    /// <summary>
    /// The liked tracks (and first tracks) of the matched sessions that this session has not played and does not
    /// <paramref name="exclude"/>, each worth the sum over those sessions of score × share heard there, best first.
    /// </summary>
    public Candidate[] Candidates(IReadOnlyCollection<int> exclude, int k)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        if (Matched == 0 || k <= 0)
        {
            return [];
        }

        var excluded = exclude as ISet<int> ?? exclude.ToHashSet();
        var worth = new Dictionary<int, double>();
        ForEachLiked((track, share, score) =>
        {
            if (!_now.ContainsKey(track) && !excluded.Contains(track))
            {
                worth[track] = worth.GetValueOrDefault(track) + (score * share);
            }
        });
        return [.. worth.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(k).Select(p => new Candidate(p.Key, (float)p.Value))];
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
        ForEachLiked((track, share, _) =>
        {
            if (!_now.ContainsKey(track))
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

    private void ForEachLiked(Action<int, float, double> visit)
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
                var share = i == 0 ? 1f : past.Shares[i];
                if (Liked(share, _threshold))
                {
                    visit(past.Tracks[i], share, _scores[s]);
                }
            }
        }
    }

    /// <summary>Heard for at least the threshold, the share as the listener reported it (0.7f is 0.7, not 0.69999...).</summary>
    private static bool Liked(float share, double threshold) => (double)(decimal)share >= threshold;
}
