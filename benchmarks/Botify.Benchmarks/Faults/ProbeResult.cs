namespace Botify.Benchmarks.Faults;

/// <summary>One row of the fault table and its JSON record.</summary>
/// <param name="Probe">Probe name, e.g. <c>index-kill</c>.</param>
/// <param name="Requests">Calls the probe sent (steady load plus, for the fuzz, the fuzz's requests).</param>
/// <param name="Failures">Failed calls by status (gRPC status name, <c>http 500</c>, transport error).</param>
/// <param name="FallbackShare">Share of answered <c>Next</c> calls served by a fallback during the fault window.</param>
/// <param name="RecoverySeconds">Index ready to first contextual answer.</param>
/// <param name="LostEvents">Calls answered minus events written.</param>
/// <param name="Target">The probe's target, in words (docs/operations/faults.md).</param>
/// <param name="Verdict">Met, missed, skipped or error.</param>
/// <param name="Note">Why a probe was skipped or missed, and what else it saw.</param>
/// <param name="Measures">Every figure behind the row (windows, latencies, counts), for the JSON.</param>
internal sealed record ProbeResult(
    string Probe,
    long Requests,
    IReadOnlyDictionary<string, long> Failures,
    double? FallbackShare,
    double? RecoverySeconds,
    long? LostEvents,
    string Target,
    ProbeVerdict Verdict,
    string? Note,
    IReadOnlyDictionary<string, double> Measures)
{
    /// <summary>Share of listeners whose first call after an API restart was answered from their listener memory (the memory-restart probe).</summary>
    public double? MemoryShare { get; init; }

    public static ProbeResult Skipped(string probe, string target, string reason) =>
        new(probe, 0, new Dictionary<string, long>(), null, null, null, target, ProbeVerdict.Skipped, reason, new Dictionary<string, double>());
}
