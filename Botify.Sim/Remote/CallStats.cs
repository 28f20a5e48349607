using Botify.Sim.Reports;
using HdrHistogram;

namespace Botify.Sim.Remote;

/// <summary>One worker's call counts and latency histogram (microseconds); merged at the end, so workers never contend.</summary>
internal sealed class CallStats
{
    // One minute in microseconds; a slower call is recorded at the cap (deadlines end calls far sooner).
    private const long HighestMicros = 60_000_000;

    private readonly LongHistogram _latency = new(HighestMicros, 3);
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);

    public long Calls { get; private set; }

    public void Success(TimeSpan latency)
    {
        Calls++;
        _latency.RecordValue(Math.Clamp((long)(latency.Ticks / (double)TimeSpan.TicksPerMicrosecond), 1, HighestMicros));
    }

    public void Failure(string kind)
    {
        Calls++;
        _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
    }

    public static LatencySummary Merge(IEnumerable<CallStats> workers, TimeSpan elapsed)
    {
        var latency = new LongHistogram(HighestMicros, 3);
        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        long calls = 0;
        foreach (var worker in workers)
        {
            calls += worker.Calls;
            latency.Add(worker._latency);
            foreach (var (kind, count) in worker._errors)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }
        }

        static double Ms(long micros) => micros / 1000.0;
        var any = latency.TotalCount > 0;
        var seconds = elapsed.TotalSeconds;
        return new LatencySummary(
            calls,
            errors.Values.Sum(),
            errors,
            seconds > 0 ? calls / seconds : 0,
            any ? Ms(latency.GetValueAtPercentile(50)) : 0,
            any ? Ms(latency.GetValueAtPercentile(95)) : 0,
            any ? Ms(latency.GetValueAtPercentile(99)) : 0,
            any ? Ms(latency.GetMaxValue()) : 0);
    }
}
