namespace Botify.Lab.Analysis;

/// <summary>The analysis of one experiment in an event log, plus optional reference rows (oracle, random).</summary>
public sealed record ExperimentReport(
    string Experiment,
    string Control,
    IReadOnlyList<TreatmentRow> Treatments,
    long Events,
    long EventsWithoutExperiment,
    int DroppedSessions)
{
    /// <summary>Reference bounds measured outside the log (the simulator's oracle and random agents).</summary>
    public IReadOnlyList<ReferenceRow> References { get; init; } = [];

    /// <summary>Every A/B day of a multi-day run, in order (this report's own rows are the last day's); empty for one log.</summary>
    public IReadOnlyList<DayReport> Days { get; init; } = [];

    /// <summary>Each night's learned geometry against the world's truth, in order; empty for one log.</summary>
    public IReadOnlyList<GeometryReport> Geometry { get; init; } = [];

    /// <summary>Mean session time of the oracle reference, if present.</summary>
    public double? OracleMean => References.FirstOrDefault(r => r.Name == ReferenceRow.OracleName)?.Mean;
}

/// <summary>A treatment's statistics and its effect against control (null for control itself).</summary>
public sealed record TreatmentRow(TreatmentStats Stats, Effect? Effect, string? Description = null);

/// <summary>A bound measured by an in-process agent: mean session time per listener with its 95% half-width.</summary>
public sealed record ReferenceRow(string Name, int Listeners, int Sessions, double Mean, double HalfWidth95, double TracksPerSession)
{
    public const string OracleName = "oracle (upper bound)";
    public const string RandomName = "random (lower bound)";
    public const string NeighboursName = "neighbours (probe)";

    /// <summary>The row of a treatment's rule served from the world's true vectors instead of the learned model.</summary>
    public static string OnTruthName(string treatment) => $"{treatment}'s rule on the true vectors";
}
