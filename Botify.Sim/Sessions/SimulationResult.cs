namespace Botify.Sim.Sessions;

/// <summary>The sessions of an in-process run and how long it took.</summary>
public sealed record SimulationResult(IReadOnlyList<SessionRecord> Sessions, TimeSpan Elapsed)
{
    /// <summary>Listener steps (recommendations heard) in the run.</summary>
    public long Steps => Sessions.Sum(s => (long)s.Steps);

    /// <summary>Listener steps per second of wall time.</summary>
    public double StepsPerSecond => Elapsed > TimeSpan.Zero ? Steps / Elapsed.TotalSeconds : 0;
}
