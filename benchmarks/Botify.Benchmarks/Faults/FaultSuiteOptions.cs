namespace Botify.Benchmarks.Faults;

/// <summary>What the <c>faults</c> command was asked for.</summary>
/// <param name="ProbeSeconds">Length of each load-bearing probe; faults happen at fixed shares of it.</param>
/// <param name="Rate">Steady gRPC <c>Next</c>/<c>Last</c> calls per second during every probe.</param>
/// <param name="FuzzRequests">Malformed and valid requests the fuzz sends, across the API's gRPC and JSON and the index.</param>
/// <param name="Tracks">Tracks in the generated catalog and model bundles.</param>
/// <param name="Seed">Seed of the fuzz's mutations and the load's listeners.</param>
/// <param name="Probes">Probe names to run (all when empty).</param>
/// <param name="Output">Folder for <c>faults.json</c> and the services' logs.</param>
/// <param name="Strict">Exit 1 when a probe misses its target.</param>
internal sealed record FaultSuiteOptions(
    int ProbeSeconds,
    int Rate,
    int FuzzRequests,
    int Tracks,
    int Seed,
    IReadOnlyList<string> Probes,
    DirectoryInfo Output,
    bool Strict)
{
    public static readonly IReadOnlyList<string> AllProbes = ["index-kill", "reload", "redis-kill", "api-sigterm", "stream-outage", "stream-sigterm", "memory-restart", "fuzz"];

    public TimeSpan ProbeDuration => TimeSpan.FromSeconds(ProbeSeconds);

    public bool Runs(string probe) => Probes.Count == 0 || Probes.Contains(probe, StringComparer.Ordinal);
}
