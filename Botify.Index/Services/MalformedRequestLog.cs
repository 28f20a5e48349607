namespace Botify.Index.Services;

/// <summary>
/// One warning line per <see cref="Interval"/> for requests refused because their frame or message did not
/// parse, with how many were refused silently since the last line: a client sending garbage must not fill
/// the log, and an operator still sees that it happens and how often. A copy of Botify.Api's class of the
/// same name: it logs through the host's <see cref="ILogger{T}"/>, and Botify.Shared carries no web dependency.
/// </summary>
internal sealed partial class MalformedRequestLog(ILogger<MalformedRequestLog> logger, TimeProvider time)
{
    /// <summary>At most one warning per 10 s.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private DateTimeOffset _quietUntil = DateTimeOffset.MinValue;
    private long _suppressed;

    public void Refused(string method, string fault)
    {
        long suppressed;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now < _quietUntil)
            {
                _suppressed++;
                return;
            }

            _quietUntil = now + Interval;
            suppressed = _suppressed;
            _suppressed = 0;
        }

        MalformedRequestRefused(logger, method, fault, suppressed, Interval.TotalSeconds);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Malformed request refused with INVALID_ARGUMENT: {Method}: {Fault}; {Suppressed} more refused since the previous warning (at most one per {Seconds} s)")]
    private static partial void MalformedRequestRefused(ILogger logger, string method, string fault, long suppressed, double seconds);
}
