using System.Diagnostics;
using Botify.Benchmarks.IndexComparison.Engines;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>
/// Times one engine at its current ef: a warm-up of at least a second (so tiered JIT and caches settle), then
/// <c>passes</c> timed passes over the queries, one after another on this thread, each query timed on
/// its own. The fastest pass is reported: on a shared two-core machine the slower passes measure the
/// neighbours, not the engine. Results are scored against the ground truth after the clock stops.
/// </summary>
internal sealed class QueryTimer(GroundTruth truth, int k, int passes)
{
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);

    public QueryMeasurement Measure(IIndexEngine engine, int queries, int warmupQueries)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var found = new int[queries * k];
        var counts = new int[queries];
        var latencies = new long[queries];
        var best = new long[queries];
        // At least a second of warm-up: the tiered JIT promotes hot loops only after a quiet spell of
        // ~100 ms without new compilations, and a first ef row of fast queries can finish before that.
        var warmupStart = Stopwatch.GetTimestamp();
        for (var q = 0; q < warmupQueries || Stopwatch.GetElapsedTime(warmupStart) < WarmupTime; q++)
        {
            engine.Search(q % queries, found.AsSpan(0, k), out _);
        }

        var bestSeconds = double.PositiveInfinity;
        long visited = 0;
        long allocated = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            visited = 0;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var q = 0; q < queries; q++)
            {
                var before = Stopwatch.GetTimestamp();
                counts[q] = engine.Search(q, found.AsSpan(q * k, k), out var nodes);
                latencies[q] = Stopwatch.GetTimestamp() - before;
                visited += nodes;
            }

            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (seconds < bestSeconds)
            {
                bestSeconds = seconds;
                latencies.CopyTo(best, 0);
            }
        }

        long matches = 0;
        for (var q = 0; q < queries; q++)
        {
            matches += truth.Matches(q, found.AsSpan(q * k, counts[q]));
        }

        Array.Sort(best);
        return new QueryMeasurement(
            Recall: matches / (double)((long)queries * k),
            Qps: queries / bestSeconds,
            P50Micros: Micros(Percentile(best, 0.50)),
            P99Micros: Micros(Percentile(best, 0.99)),
            Visited: visited < 0 ? null : visited / (double)queries,
            AllocatedBytesPerQuery: allocated / (double)queries);
    }

    private static long Percentile(long[] sorted, double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
