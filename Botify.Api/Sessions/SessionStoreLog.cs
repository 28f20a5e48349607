namespace Botify.Api.Sessions;

/// <summary>Log messages of the session store's outage path. Event ids 40–49 (ApiLog holds the low ones).</summary>
internal static partial class SessionStoreLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "The session store is unavailable ({Reason}: {Fault}); calls are answered session-less, {Calls} since the last such warning")]
    public static partial void Unavailable(ILogger logger, string reason, string fault, long calls);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "The session store answers again after {Calls} session-less call(s)")]
    public static partial void Recovered(ILogger logger, long calls);
}
