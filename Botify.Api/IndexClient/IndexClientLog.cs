namespace Botify.Api.IndexClient;

/// <summary>Log messages of the index client's connection. Event ids 60–69 (ApiLog holds the low ones).</summary>
internal static partial class IndexClientLog
{
    [LoggerMessage(EventId = 60, Level = LogLevel.Error, Message = "The index at {Address} is not a Botify index, or not one this API can call ({ErrorType}: {Fault}); calls are served by the fallback. {Suppressed} more such calls since the previous error (at most one per {Seconds} s)")]
    public static partial void WrongIndex(ILogger logger, string address, string errorType, string fault, long suppressed, double seconds);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Index at {Address} warmed up: connected and a search answered after {Milliseconds} ms; ready")]
    public static partial void WarmedUp(ILogger logger, string address, long milliseconds);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Index at {Address} not warmed up within {Seconds} s ({Fault}); ready anyway, calls fall back until it answers")]
    public static partial void WarmUpTimedOut(ILogger logger, string address, double seconds, string fault);

    [LoggerMessage(EventId = 63, Level = LogLevel.Warning, Message = "Index at {Address} is the wrong service or protocol ({Fault}); ready anyway, calls fall back")]
    public static partial void WarmUpFoundWrongIndex(ILogger logger, string address, string fault);
}
