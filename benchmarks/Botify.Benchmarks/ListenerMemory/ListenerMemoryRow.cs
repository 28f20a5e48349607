namespace Botify.Benchmarks.ListenerMemory;

/// <summary>One store at one fill: what it holds per listener and what its two per-call operations cost.</summary>
/// <param name="Store">"in-process" or "Redis".</param>
/// <param name="Sessions">Past sessions per listener.</param>
/// <param name="Tracks">Tracks per past session.</param>
/// <param name="BytesPerListener">Memory held per listener: the managed heap's growth (in-process) or Redis's used_memory growth, over the listeners.</param>
/// <param name="EncodedBytesPerListener">The sessions' encoded size per listener (<c>PastSessionCodec</c>, 11 + 5 bytes a track): the payload, for reference.</param>
/// <param name="KeyBytes">Redis only: mean MEMORY USAGE of a sample of the listeners' keys (the key and its list, not the keyspace's tables).</param>
/// <param name="FillSeconds">Time to fill the store (in-process: AppendAsync per session; Redis: the rebuild's pipelined AppendManyAsync).</param>
/// <param name="Read">ReadAsync, one caller.</param>
/// <param name="Append">AppendAsync, one caller.</param>
internal sealed record ListenerMemoryRow(string Store, int Sessions, int Tracks, double BytesPerListener, int EncodedBytesPerListener, double? KeyBytes, double FillSeconds, OperationTimes Read, OperationTimes Append);

/// <summary>Per-operation latency over <paramref name="Operations"/> calls, in microseconds.</summary>
internal sealed record OperationTimes(int Operations, double MeanMicroseconds, double P50Microseconds, double P99Microseconds)
{
    /// <summary>The summary of elapsed <see cref="System.Diagnostics.Stopwatch"/> ticks, one per call (sorted in place).</summary>
    public static OperationTimes From(long[] ticks)
    {
        Array.Sort(ticks);
        var toMicroseconds = 1e6 / System.Diagnostics.Stopwatch.Frequency;
        return new OperationTimes(
            ticks.Length,
            ticks.Average() * toMicroseconds,
            Percentile(ticks, 0.50) * toMicroseconds,
            Percentile(ticks, 0.99) * toMicroseconds);
    }

    private static long Percentile(long[] sorted, double quantile) => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
