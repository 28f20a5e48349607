namespace Botify.Api.Services;

/// <summary>
/// One warning line per <see cref="Interval"/> for requests whose message did not parse, with how many
/// were refused silently since the last line: a client sending garbage must not fill the log (one stack
/// trace per request was about 3 KB), and an operator still sees that it happens and how often.
/// </summary>
internal sealed class MalformedRequestLog(ILogger<MalformedRequestLog> logger, TimeProvider time)
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

        ApiLog.MalformedRequestRefused(logger, method, fault, suppressed, Interval.TotalSeconds);
    }
}
