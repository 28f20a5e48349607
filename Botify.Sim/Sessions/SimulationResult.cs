namespace Botify.Sim.Sessions;

/// <summary>The sessions of an in-process run, how long they took, and the set-up time before them.</summary>
/// <param name="Sessions">One record per episode, in episode order.</param>
/// <param name="Elapsed">Wall time of the sessions.</param>
/// <param name="SetUp">Wall time spent before them finding the first-track neighbourhoods (zero when cached).</param>
public sealed record SimulationResult(IReadOnlyList<SessionRecord> Sessions, TimeSpan Elapsed, TimeSpan SetUp = default)
{
    /// <summary>Listener steps (recommendations heard) in the run.</summary>
    public long Steps => Sessions.Sum(s => (long)s.Steps);

    /// <summary>Listener steps per second of wall time.</summary>
    public double StepsPerSecond => Elapsed > TimeSpan.Zero ? Steps / Elapsed.TotalSeconds : 0;
}
