namespace Botify.Benchmarks.ApiThroughput;

/// <summary>One load phase: calls answered per second and latency percentiles in milliseconds.</summary>
internal sealed record LoadResult(string Target, string Load, long Calls, long Errors, double Seconds, double P50Ms, double P99Ms, double MaxMs)
{
    public double CallsPerSecond => Calls / Seconds;
}
