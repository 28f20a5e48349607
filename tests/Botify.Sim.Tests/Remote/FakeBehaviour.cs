using System.Collections.Concurrent;

namespace Botify.Sim.Tests.Remote;

/// <summary>What the fake recommender does and what it saw.</summary>
internal sealed class FakeBehaviour
{
    private readonly ConcurrentDictionary<int, int> _inFlight = new();
    private long _nextCalls;
    private long _lastCalls;
    private long _failed;
    private long _delayed;
    private long _overlaps;

    public int TrackCount { get; init; } = 3_000;

    /// <summary>Time every Next takes before answering, so overlapping calls of one listener would show.</summary>
    public TimeSpan Think { get; init; } = TimeSpan.FromMilliseconds(0.2);

    /// <summary>Every n-th Next fails with UNAVAILABLE (0: never).</summary>
    public int FailEvery { get; init; }

    /// <summary>Every n-th Next sleeps <see cref="Delay"/> (0: never).</summary>
    public int DelayEvery { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Every n-th Next answers a track outside the catalog (0: never).</summary>
    public int BadTrackEvery { get; init; }

    public long NextCalls => Interlocked.Read(ref _nextCalls);

    public long LastCalls => Interlocked.Read(ref _lastCalls);

    public long Failed => Interlocked.Read(ref _failed);

    public long Delayed => Interlocked.Read(ref _delayed);

    /// <summary>Calls that arrived while another call of the same listener was in flight.</summary>
    public long Overlaps => Interlocked.Read(ref _overlaps);

    public static string TreatmentOf(int user) => user % 2 == 0 ? "C" : "T1";

    public long CountNext() => Interlocked.Increment(ref _nextCalls);

    public void CountLast() => Interlocked.Increment(ref _lastCalls);

    public void CountFailed() => Interlocked.Increment(ref _failed);

    public void CountDelayed() => Interlocked.Increment(ref _delayed);

    public void Enter(int user)
    {
        if (_inFlight.AddOrUpdate(user, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }
    }

    public void Leave(int user) => _inFlight.AddOrUpdate(user, 0, (_, n) => n - 1);
}
