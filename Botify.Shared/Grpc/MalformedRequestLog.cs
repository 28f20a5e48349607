using Microsoft.Extensions.Logging;

namespace Botify.Shared.Grpc;

/// <summary>
/// One warning line per <see cref="Interval"/> for requests refused because their frame or message did not
/// parse, with how many were refused silently since the last line: a client sending garbage must not fill
/// the log, and an operator still sees that it happens and how often. Shared by both services' request
/// checks (<see cref="StrictRequestMethodProvider{TService}"/>, <see cref="RequestFrameCheck"/>).
/// </summary>
/// <param name="logger">Where the warning goes.</param>
/// <param name="time">The clock of the interval.</param>
public sealed partial class MalformedRequestLog(ILogger<MalformedRequestLog> logger, TimeProvider time)
{
    /// <summary>The event id of the warning.</summary>
    public const int WarningEventId = 20;

    /// <summary>At most one warning per 10 s.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private DateTimeOffset _quietUntil = DateTimeOffset.MinValue;
    private long _suppressed;

    /// <summary>Records one refused request; logs it unless a warning went out within the interval.</summary>
    /// <param name="method">The gRPC method the request was for.</param>
    /// <param name="fault">What was wrong with it.</param>
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

    [LoggerMessage(EventId = WarningEventId, Level = LogLevel.Warning, Message = "Malformed request refused with INVALID_ARGUMENT: {Method}: {Fault}; {Suppressed} more refused since the previous warning (at most one per {Seconds} s)")]
    private static partial void MalformedRequestRefused(ILogger logger, string method, string fault, long suppressed, double seconds);
}
