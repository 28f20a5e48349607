using Botify.Sim.Reports;
using Botify.Sim.Sessions;

namespace Botify.Sim.Remote;

/// <summary>The sessions of a remote run, its wall time, and its calls' throughput, latency and errors.</summary>
public sealed record RemoteRunResult(IReadOnlyList<SessionRecord> Sessions, TimeSpan Elapsed, LatencySummary Latency);
