using Botify.Api.IndexClient;
using Botify.Api.Sessions;

namespace Botify.Api.Sources;

/// <summary>
/// Index top-k for the session's taste (docs/serving.md#the-sessions-taste): the context vectors of the session's recent tracks,
/// each liked track (heard for at least the threshold) pulling the query towards it by its share heard,
/// each skipped one pushing it away. When the previous track was skipped, the query backs off to the
/// liked ones; a cold track is skipped by the index, so the session's other tracks answer for it
/// before the fallback does. One per treatment: the threshold and skip weight are the treatment's.
/// </summary>
internal sealed class SessionTasteSource(IIndexSearch index, double threshold, double skipWeight) : ICandidateSource
{
    /// <summary>The threshold when the treatment has no fatigue layer (the fatigue rules' default).</summary>
    public const double DefaultThreshold = 0.7;

    /// <summary>Most recent played tracks in a query.</summary>
    public const int MaxTracks = 50;

    public string Name => "session";

    public int PlaysRead => MaxTracks;

    public ValueTask<CandidateResult> GetAsync(CandidateRequest request, CancellationToken cancellationToken)
    {
        var taste = request.Plays is { } plays ? Taste(plays, threshold, skipWeight) : new SessionTaste([request.Context], [1f]);
        return index.SearchAsync(new IndexQuery(request.Context, User: null, request.K, request.Exclude, taste), cancellationToken);
    }

    /// <summary>
    /// The weights of the last <see cref="MaxTracks"/> plays: liked tracks <c>share / Σ liked shares</c>
    /// (summing to 1), skipped tracks <c>-skipWeight · (1 - share)</c>, scaled down when they sum past
    /// <paramref name="skipWeight"/> in size. With no liked track (the first call, or everything
    /// skipped) the query is the previous track alone, so a session always has one.
    /// </summary>
    public static SessionTaste Taste(SessionPlays plays, double threshold, double skipWeight)
    {
        ArgumentNullException.ThrowIfNull(plays);
        var start = Math.Max(0, plays.Tracks.Length - MaxTracks);
        double liked = 0, skipped = 0;
        var count = 0;
        for (var i = start; i < plays.Tracks.Length; i++)
        {
            var share = Share(plays.Shares[i]);
            if (share >= threshold)
            {
                liked += share;
                count += share > 0 ? 1 : 0;
            }
            else if (skipWeight > 0)
            {
                skipped += skipWeight * (1 - share);
                count++;
            }
        }

        if (liked <= 0)
        {
            return new SessionTaste([plays.Previous], [1f]);
        }

        var skipScale = skipped > skipWeight ? skipWeight / skipped : 1.0;
        var tracks = new int[count];
        var weights = new float[count];
        var next = 0;
        for (var i = start; i < plays.Tracks.Length; i++)
        {
            var share = Share(plays.Shares[i]);
            var weight = share >= threshold ? share / liked : skipWeight > 0 ? -skipWeight * (1 - share) * skipScale : 0;
            if (weight != 0)
            {
                tracks[next] = plays.Tracks[i];
                weights[next] = (float)weight;
                next++;
            }
        }

        return next == count ? new SessionTaste(tracks, weights) : new SessionTaste(tracks[..next], weights[..next]);
    }

    /// <summary>
    /// The share as the listener reported it: the session keeps a float, and 0.7f widened to double is
    /// 0.69999998..., below a threshold of 0.7. Through decimal it is 0.7 again, as the fatigue rules saw it.
    /// </summary>
    private static double Share(float share) => (double)(decimal)share;
}
