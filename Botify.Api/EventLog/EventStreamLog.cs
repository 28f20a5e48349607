namespace Botify.Api.EventLog;

/// <summary>The JetStream sink's log lines (docs/operations/event-stream.md).</summary>
internal static partial class EventStreamLog
{
    [LoggerMessage(EventId = 80, Level = LogLevel.Information, Message = "Event stream: publishing to stream {Stream} at {Url}, subjects {Subjects}, {Replicas} replica(s)")]
    public static partial void Ready(ILogger logger, string stream, string url, string subjects, int replicas);

    [LoggerMessage(EventId = 81, Level = LogLevel.Warning, Message = "Event stream {Stream} at {Url} unavailable ({Fault}); {Queued} event(s) held in the backlog, retrying")]
    public static partial void Unavailable(ILogger logger, string stream, string url, string fault, int queued);

    [LoggerMessage(EventId = 82, Level = LogLevel.Information, Message = "Event stream {Stream} reachable again after {Seconds:F1} s; {Queued} event(s) in the backlog")]
    public static partial void Recovered(ILogger logger, string stream, double seconds, int queued);

    [LoggerMessage(EventId = 83, Level = LogLevel.Warning, Message = "Event stream backlog full ({Capacity} events): {Dropped} event(s) dropped so far (EventLog:JetStream:Backlog)")]
    public static partial void Dropping(ILogger logger, int capacity, long dropped);

    [LoggerMessage(EventId = 84, Level = LogLevel.Error, Message = "Event stream {Stream}: the stop's drain timeout ({Timeout}) passed with {Left} event(s) unpublished; they are dropped")]
    public static partial void DrainTimedOut(ILogger logger, string stream, TimeSpan timeout, long left);

    [LoggerMessage(EventId = 86, Level = LogLevel.Warning, Message = "Event stream {Stream}: an event of listener {User} takes {Bytes} bytes, over the {Limit} bytes a message may hold (the server's max_payload); dropped, {Refused} so far")]
    public static partial void TooLarge(ILogger logger, string stream, int user, int bytes, int limit, long refused);

    [LoggerMessage(EventId = 85, Level = LogLevel.Information, Message = "Event stream closed: {Written} event(s) stored, {Dropped} dropped, {Retries} batch retries, {Duplicates} duplicate(s) the stream discarded")]
    public static partial void Closed(ILogger logger, long written, long dropped, long retries, long duplicates);
}
