namespace Botify.Sim.Reports;

/// <summary>Throughput and latency of the calls of a remote run.</summary>
/// <param name="Calls">Calls made (Next and Last).</param>
/// <param name="Errors">Calls that failed: deadline, unavailable, another status, or a bad reply.</param>
/// <param name="ErrorsByKind">Failed calls by kind ("DeadlineExceeded", "Unavailable", "BadReply", ...).</param>
/// <param name="RequestsPerSecond">Calls per second of wall time.</param>
/// <param name="P50Ms">Median latency of successful calls, milliseconds.</param>
/// <param name="P95Ms">95th percentile, milliseconds.</param>
/// <param name="P99Ms">99th percentile, milliseconds.</param>
/// <param name="MaxMs">Slowest successful call, milliseconds.</param>
public sealed record LatencySummary(
    long Calls,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorsByKind,
    double RequestsPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs)
{
    /// <summary>Share of calls that failed (0 when no calls were made).</summary>
    public double ErrorRate => Calls > 0 ? (double)Errors / Calls : 0;
}
