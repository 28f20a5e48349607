using Botify.Sim.Reports;

namespace Botify.Lab.Loop;

/// <summary>One day of simulated traffic against the API.</summary>
public sealed record DayResult(int Sessions, int Errors, TimeSpan Elapsed, LatencySummary Latency);
