using System.Diagnostics;
using Botify.Benchmarks.IndexComparison.Engines;

namespace Botify.Benchmarks.IndexComparison;

/// <summary>
/// Times an engine: a warm-up of at least a second (so tiered JIT and caches settle), then
/// <c>passes</c> timed passes over the queries on this thread, each query timed on its own. The
/// fastest pass is reported: on a shared two-core machine the slower passes measure the neighbours,
/// not the engine. A sweep over ef takes its passes in rounds (every ef once per round, in a
/// shuffled order), so each ef's fastest pass is the best of moments spread over the whole sweep, not of a few in a row: the
/// speed of this VM's memory drifts by a third over seconds, and back-to-back passes of one ef
/// would all land in the same stretch. Results are scored against the ground truth after the clock stops.
/// </summary>
internal sealed class QueryTimer(GroundTruth truth, int k, int passes)
{
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);

    /// <summary>Times the engine at its current ef.</summary>
    public QueryMeasurement Measure(IIndexEngine engine, int queries, int warmupQueries)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var state = new PassState(queries, k);
        WarmUp(engine, queries, warmupQueries, state);
        for (var pass = 0; pass < passes; pass++)
        {
            TimePass(engine, queries, state);
        }

        return state.Measurement(truth, queries, k);
    }

    /// <summary>Times the engine at every ef of <paramref name="efValues"/>, one pass per ef per round; measurements in the same order.</summary>
    public IReadOnlyList<QueryMeasurement> MeasureSweep(IIndexEngine engine, IReadOnlyList<int> efValues, int queries)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(efValues);
        var states = efValues.Select(_ => new PassState(queries, k)).ToArray();
        engine.SetEf(efValues[0]);
        WarmUp(engine, queries, queries, states[0]);
        // Each round visits the ef values in its own order: in one fixed order a round can last a
        // multiple of the host's 500 ms memory-sampling period, and then the same ef rows land on
        // the slow moments after each sample in every round.
        var visit = Enumerable.Range(0, efValues.Count).ToArray();
        var shuffle = new Random(17);
        for (var pass = 0; pass < passes; pass++)
        {
            shuffle.Shuffle(visit);
            foreach (var i in visit)
            {
                engine.SetEf(efValues[i]);
                TimePass(engine, queries, states[i]);
            }
        }

        return [.. states.Select(s => s.Measurement(truth, queries, k))];
    }

    /// <summary>
    /// At least a second of warm-up: the tiered JIT promotes hot loops only after a quiet spell of
    /// ~100 ms without new compilations, and a first ef row of fast queries can finish before that.
    /// </summary>
    private void WarmUp(IIndexEngine engine, int queries, int warmupQueries, PassState state)
    {
        var warmupStart = Stopwatch.GetTimestamp();
        for (var q = 0; q < warmupQueries || Stopwatch.GetElapsedTime(warmupStart) < WarmupTime; q++)
        {
            engine.Search(q % queries, state.Found.AsSpan(0, k), out _);
        }
    }

    private void TimePass(IIndexEngine engine, int queries, PassState state)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long visited = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var q = 0; q < queries; q++)
        {
            var before = Stopwatch.GetTimestamp();
            state.Counts[q] = engine.Search(q, state.Found.AsSpan(q * k, k), out var nodes);
            state.Latencies[q] = Stopwatch.GetTimestamp() - before;
            visited += nodes;
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        state.Visited = visited;
        state.Allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (seconds < state.BestSeconds)
        {
            state.BestSeconds = seconds;
            state.Latencies.CopyTo(state.Best, 0);
        }
    }

    /// <summary>One ef's results and timings across its passes.</summary>
    private sealed class PassState(int queries, int k)
    {
        public int[] Found { get; } = new int[queries * k];

        public int[] Counts { get; } = new int[queries];

        public long[] Latencies { get; } = new long[queries];

        public long[] Best { get; } = new long[queries];

        public double BestSeconds { get; set; } = double.PositiveInfinity;

        public long Visited { get; set; }

        public long Allocated { get; set; }

        public QueryMeasurement Measurement(GroundTruth truth, int queries, int k)
        {
            long matches = 0;
            for (var q = 0; q < queries; q++)
            {
                matches += truth.Matches(q, Found.AsSpan(q * k, Counts[q]));
            }

            Array.Sort(Best);
            return new QueryMeasurement(
                Recall: matches / (double)((long)queries * k),
                Qps: queries / BestSeconds,
                P50Micros: Micros(Percentile(Best, 0.50)),
                P99Micros: Micros(Percentile(Best, 0.99)),
                Visited: Visited < 0 ? null : Visited / (double)queries,
                AllocatedBytesPerQuery: Allocated / (double)queries);
        }
    }

    private static long Percentile(long[] sorted, double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
