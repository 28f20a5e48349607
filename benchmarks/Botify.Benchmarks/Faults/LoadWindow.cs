using Grpc.Core;

namespace Botify.Benchmarks.Faults;

/// <summary>Figures over the calls of the steady load that started inside a time window.</summary>
internal static class LoadWindow
{
    public static IReadOnlyList<CallRecord> Between(IEnumerable<CallRecord> records, double from, double to) =>
        [.. records.Where(record => record.Started >= from && record.Started < to)];

    public static Dictionary<string, long> FailuresByStatus(IEnumerable<CallRecord> records) =>
        records.Where(record => record.Status != StatusCode.OK)
            .GroupBy(record => record.Status.ToString())
            .ToDictionary(group => group.Key, group => (long)group.LongCount(), StringComparer.Ordinal);

    /// <summary>Fallback answers over answered Next calls; null when no Next was answered.</summary>
    public static double? FallbackShare(IEnumerable<CallRecord> records)
    {
        var nexts = records.Where(record => record.Answered && record.Source is not null).ToList();
        return nexts.Count == 0 ? null : nexts.Count(record => record.IsFallback) / (double)nexts.Count;
    }

    /// <summary>The 99th percentile of the calls' latency in milliseconds (nearest rank), failed calls included.</summary>
    public static double? P99Ms(IEnumerable<CallRecord> records)
    {
        var latencies = records.Select(record => record.LatencyMs).Order().ToArray();
        return latencies.Length == 0 ? null : latencies[Math.Clamp((int)Math.Ceiling(0.99 * latencies.Length) - 1, 0, latencies.Length - 1)];
    }
}
