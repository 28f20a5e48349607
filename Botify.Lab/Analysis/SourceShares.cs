namespace Botify.Lab.Analysis;

/// <summary>
/// Which recommender served a treatment's <c>next</c> calls, from the events' <c>source</c>: the
/// share answered by the fallback (<c>fallback:*</c>, the index slow, down, or left with no
/// candidate), the share of complete sessions touched by at least one fallback answer, and the
/// share answered by exploration (<c>explore:*</c>, a deliberate random track, not a fallback), and the
/// share answered from the listener's memory (<c>memory</c>, no index call).
/// </summary>
/// <param name="NextCalls"><c>next</c> events of the treatment's complete sessions.</param>
/// <param name="Fallback">Share of those answered by a <c>fallback:</c> source.</param>
/// <param name="SessionsWithFallback">Share of complete sessions with at least one such answer.</param>
/// <param name="Explore">Share answered by an <c>explore:</c> source.</param>
/// <param name="Memory">Share answered by the <c>memory</c> source.</param>
public sealed record SourceShares(long NextCalls, double Fallback, double SessionsWithFallback, double Explore, double Memory = 0)
{
    /// <summary>The source of a track served from the listener's memory.</summary>
    public const string MemorySource = "memory";

    public const string FallbackPrefix = "fallback:";
    public const string ExplorePrefix = "explore:";

    /// <summary>What the API prefixes to the source of a call it answered without the session store (Redis down).</summary>
    public const string SessionLessPrefix = "session-less:";

    public static bool IsFallback(string? source) => Path(source).StartsWith(FallbackPrefix, StringComparison.Ordinal);

    public static bool IsExplore(string? source) => Path(source).StartsWith(ExplorePrefix, StringComparison.Ordinal);

    public static bool IsMemory(string? source) => Path(source).SequenceEqual(MemorySource);

    /// <summary>The serving path of a source, without the session-less mark: a session-less fallback is still a fallback.</summary>
    private static ReadOnlySpan<char> Path(string? source)
    {
        var path = source.AsSpan();
        return path.StartsWith(SessionLessPrefix, StringComparison.Ordinal) ? path[SessionLessPrefix.Length..] : path;
    }
}
