namespace Botify.Api.Memory;

internal static partial class MemoryLog
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Listener {User}: a remembered session could not be read and was skipped ({Fault})")]
    public static partial void PastSessionDiscarded(ILogger logger, int user, string fault);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Listener memory unavailable ({Operation}, {Reason}): {Fault}; {Calls} call(s) answered without memory since the last warning")]
    public static partial void Unavailable(ILogger logger, string operation, string reason, string fault, long calls);

    [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "Listener memory rebuilt from {Sources}: {Events} events, {Sessions} sessions of {Listeners} listeners kept ({Skipped} events of forgotten listeners skipped, {Unfinished} unfinished sessions dropped, {BadLines} bad lines skipped) in {Seconds:0.0} s")]
    public static partial void Rebuilt(ILogger logger, string sources, long events, long sessions, int listeners, long skipped, long unfinished, long badLines, double seconds);

    [LoggerMessage(EventId = 123, Level = LogLevel.Information, Message = "Listener memory not rebuilt: the shared store was rebuilt before")]
    public static partial void RebuildSkipped(ILogger logger);

    [LoggerMessage(EventId = 124, Level = LogLevel.Warning, Message = "Listener {User} forgotten on request: memory and session removed")]
    public static partial void Forgotten(ILogger logger, int user);

    [LoggerMessage(EventId = 125, Level = LogLevel.Warning, Message = "Listener memory rebuild: no event log at {Path} yet; skipped")]
    public static partial void RebuildSourceMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 126, Level = LogLevel.Warning, Message = "Listener memory rebuild: {File} line {Line} is not an event; skipped")]
    public static partial void RebuildLineSkipped(ILogger logger, string file, int line);
}
