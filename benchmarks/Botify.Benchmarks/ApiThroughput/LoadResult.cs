namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// One load phase: calls answered per second, latency percentiles in milliseconds, and what the phase cost the
/// process; <see cref="Sources"/> what served its <c>Next</c> calls by the replies' source, when the phase counted
/// them (the memory arm's), else null.
/// </summary>
internal sealed record LoadResult(string Target, string Load, long Calls, long Errors, double Seconds, double P50Ms, double P99Ms, double MaxMs, ProcessCost Cost, ReplySources? Sources = null)
{
    public double CallsPerSecond => Calls / Seconds;

    /// <summary>CPU microseconds per call, all threads of the process (client, servers, GC).</summary>
    public double CpuMicrosecondsPerCall => Calls == 0 ? 0 : Cost.Cpu.TotalMicroseconds / Calls;

    public double AllocatedBytesPerCall => Calls == 0 ? 0 : (double)Cost.AllocatedBytes / Calls;
}
