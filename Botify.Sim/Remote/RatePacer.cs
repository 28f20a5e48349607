namespace Botify.Sim.Remote;

/// <summary>
/// Spaces calls evenly at a target rate over all workers: call k is due at start + k / rate. A worker
/// that falls behind does not bank the lost time into a burst beyond what the schedule allows.
/// </summary>
internal sealed class RatePacer(double callsPerSecond, TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private readonly double _ticksPerCall = time.TimestampFrequency / callsPerSecond;
    private long _issued;

    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var slot = Interlocked.Increment(ref _issued) - 1;
        var due = _start + (long)(slot * _ticksPerCall);
        var wait = due - time.GetTimestamp();
        if (wait <= 0)
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(Task.Delay(TimeSpan.FromSeconds((double)wait / time.TimestampFrequency), time, cancellationToken));
    }
}
