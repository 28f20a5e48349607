namespace Botify.Api.Sessions;

/// <summary>
/// Marks one call that was answered without its stored session. The serving layer begins one per call
/// (it flows down to the store through the async context); <see cref="SessionLessFallbackStore"/> marks it
/// when the store is unreachable, and the serving layer prefixes the reply's source with <see cref="SourcePrefix"/>.
/// The prefix is not <c>fallback:</c> on purpose: the Lab counts those as index fallbacks, and a session-less
/// answer still comes from the treatment's own recommender (or from an index fallback, whose source follows the prefix).
/// </summary>
internal sealed class SessionLessCall
{
    /// <summary>Prefix of the source of a reply computed from a fresh, unstored session.</summary>
    public const string SourcePrefix = "session-less:";

    private static readonly AsyncLocal<SessionLessCall?> CurrentCall = new();

    /// <summary>Why the stored session was not used (<see cref="SessionLessReasons"/>); null while it was.</summary>
    public string? Reason { get; private set; }

    internal static SessionLessCall? Current => CurrentCall.Value;

    /// <summary>Starts tracking the calling async flow; the mark is visible to the caller after its awaits return.</summary>
    public static SessionLessCall Begin()
    {
        var call = new SessionLessCall();
        CurrentCall.Value = call;
        return call;
    }

    /// <summary>The reply's source for <paramref name="source"/>: prefixed when this call went session-less.</summary>
    public string Source(string source) => Reason is null ? source : SourcePrefix + source;

    internal void Mark(string reason) => Reason = reason;
}
