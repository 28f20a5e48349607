using Botify.Api.Fatigue;
using Botify.Api.Sources;

namespace Botify.Api.Core;

/// <summary>
/// What serves when a treatment's source cannot: the most heard tracks minus the session's played
/// tracks, then random tracks minus played. Always answers while the catalog has a track.
/// </summary>
internal sealed class FallbackChain(TopPopSource topPop, RandomSource random, Random pick)
{
    public const string TopPopName = "fallback:top-pop";
    public const string RandomName = "fallback:random";

    /// <summary>Candidates taken from the top list before the uniform pick.</summary>
    public const int TopK = 100;

    public Recommendation Recommend(SessionView view, string reason)
    {
        var top = topPop.Select(TopK, view.Played);
        if (top.Count > 0)
        {
            return new Recommendation(top[pick.Next(top.Count)].Track, TopPopName, reason);
        }

        var drawn = random.Draw(1, view.Played);
        if (drawn.Count == 0)
        {
            // Every track was played this session (a tiny catalog): repeating beats failing the listener.
            drawn = random.Draw(1, []);
        }

        return new Recommendation(drawn[0].Track, RandomName, reason);
    }
}
