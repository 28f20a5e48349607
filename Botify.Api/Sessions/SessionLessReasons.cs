namespace Botify.Api.Sessions;

/// <summary>Why a call went session-less: the <c>reason</c> label of <c>botify_api_session_store_session_less_total</c>.</summary>
internal static class SessionLessReasons
{
    /// <summary>
    /// Prefix of the reply's source when the pick came from a fresh session kept for the call only. Not <c>fallback:</c>:
    /// the Lab counts those as index fallbacks, and a session-less answer still comes from the treatment's own source
    /// (or from an index fallback, whose source follows the prefix).
    /// </summary>
    public const string SourcePrefix = "session-less:";

    /// <summary>The store did not answer within <see cref="SessionStoreOptions.RedisOperationTimeout"/>.</summary>
    public const string Timeout = "timeout";

    /// <summary>No connection to the store (down, still connecting, or the connection broke mid-call).</summary>
    public const string Unreachable = "unreachable";

    /// <summary>The store answered with an error.</summary>
    public const string Error = "error";
}
