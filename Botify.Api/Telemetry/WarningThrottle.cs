namespace Botify.Api.Telemetry;

/// <summary>
/// At most one warning per interval while a fault lasts, so an outage is one line every few seconds instead of
/// one per call; each warning says how many calls it covers.
/// </summary>
internal sealed class WarningThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private long _nextTimestamp;
    private long _since;

    /// <summary>Counts one failed call; true when a warning is due, with the calls since the last one.</summary>
    public bool Due(out long calls)
    {
        Interlocked.Increment(ref _since);
        calls = 0;
        var now = time.GetTimestamp();
        if (now < Volatile.Read(ref _nextTimestamp))
        {
            return false;
        }

        lock (_lock)
        {
            if (now < _nextTimestamp)
            {
                return false;
            }

            _nextTimestamp = now + (long)(interval.TotalSeconds * time.TimestampFrequency);
            calls = Interlocked.Exchange(ref _since, 0);
            return true;
        }
    }
}
