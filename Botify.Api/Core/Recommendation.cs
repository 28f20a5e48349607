namespace Botify.Api.Core;

/// <summary>The track to play next and which path served it.</summary>
/// <param name="Track">Track to play next.</param>
/// <param name="Source">Which source served it: <c>contextual</c>, <c>fallback:top-pop</c>, ...</param>
/// <param name="FallbackReason">Why the fallback served, null when the treatment's own source did.</param>
internal sealed record Recommendation(int Track, string Source, string? FallbackReason = null)
{
    /// <summary>
    /// Why the pick came from a fresh session kept for this call only (the session store could not be used;
    /// <see cref="Sessions.SessionLessReasons"/>); null when it came from the listener's stored session.
    /// </summary>
    public string? SessionLessReason { get; init; }
}
