using Botify.Sim.Sessions;

namespace Botify.Sim.Reports;

/// <summary>What a run showed: quality per treatment and, for remote runs, throughput and latency.</summary>
/// <param name="Source">What was driven: "agent:oracle", "agent:random", or the target address.</param>
/// <param name="Episodes">Sessions played.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="ElapsedSeconds">Wall time of the run.</param>
/// <param name="Steps">Recommendations heard, all sessions.</param>
/// <param name="StepsPerSecond">Listener steps per second of wall time.</param>
/// <param name="Treatments">One summary per treatment, by name.</param>
/// <param name="Remote">Throughput and latency; null for in-process runs.</param>
public sealed record RunSummary(
    string Source,
    int Episodes,
    long Seed,
    double ElapsedSeconds,
    long Steps,
    double StepsPerSecond,
    IReadOnlyList<TreatmentSummary> Treatments,
    LatencySummary? Remote)
{
    /// <summary>Share of calls that failed (0 for in-process runs).</summary>
    public double ErrorRate => Remote?.ErrorRate ?? 0;

    /// <summary>Summarises sessions per treatment (ordinal order of names).</summary>
    public static RunSummary Build(string source, long seed, IReadOnlyList<SessionRecord> sessions, TimeSpan elapsed, LatencySummary? remote = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var treatments = sessions
            .GroupBy(s => s.Treatment, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var clean = g.Where(s => s.Errors == 0).ToList();
                return new TreatmentSummary(
                    g.Key,
                    g.Count(),
                    g.Count(s => s.Errors > 0),
                    g.Count(s => s.Truncated),
                    MeanInterval.Of(clean.Select(s => s.Time).ToList()),
                    MeanInterval.Of(clean.Select(s => (double)s.Steps).ToList()));
            })
            .ToList();
        var steps = sessions.Sum(s => (long)s.Steps);
        var seconds = elapsed.TotalSeconds;
        return new RunSummary(source, sessions.Count, seed, seconds, steps, seconds > 0 ? steps / seconds : 0, treatments, remote);
    }
}
