namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// How the memory arm's callers play, so that sessions played before a phase start where the phase's sessions
/// will: caller <c>w</c>'s sessions start in turn at <see cref="StartsPerListener"/> fixed tracks of its own (the
/// other arms' callers start each session after their last reply, which no earlier session can know). A session's
/// first track is reported heard in full, as the protocol asks, and the tracks after it at <see cref="Share"/>,
/// at least the liking threshold (0.7): the memory matches a past session by tracks liked now that were liked or
/// started there, so a session reported skipped throughout (the other arms' 0.5) matches none.
/// </summary>
/// <param name="StartsPerListener">First tracks each caller's sessions take in turn.</param>
/// <param name="Share">Share heard reported for every track after a session's first.</param>
internal sealed record SessionPlan(int StartsPerListener, float Share)
{
    /// <summary>The first track of caller <paramref name="caller"/>'s session number <paramref name="session"/>.</summary>
    public int Start(int caller, int session, int tracks) =>
        (int)((((long)caller * StartsPerListener) + (session % StartsPerListener)) * 7_919 % tracks);
}
