namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// The gRPC phases of one api benchmark run, in the order measured: closed loop against the no-op server, C on the
/// file sink and C on the JetStream sink (alternately, once per round), C with the cache off, T3, T3 with batching off,
/// T4, T6 (memory); then open loop against C and the no-op server. <c>--sinks-only</c> keeps the first three.
/// </summary>
internal sealed class GrpcResults
{
    public List<GrpcRow> Rows { get; } = [];

    public List<double> WarmUps { get; } = [];

    /// <summary>The sessions played before a memory arm's timed phase, by target.</summary>
    public Dictionary<string, PrimingResult> Primed { get; } = new(StringComparer.Ordinal);

    public double? LoadAtStart { get; init; }

    public double? LoadAtEnd { get; set; }

    public double LateP99Ms { get; set; }

    public double LateMaxMs { get; set; }

    public double DriverCallsPerSecond { get; set; }

    public double DriverP99Ms { get; set; }

    /// <summary>Why the JetStream row did not run (nats-server missing); null when it ran.</summary>
    public string? JetStreamSkipped { get; set; }

    /// <summary>C's closed-loop calls/s over the no-op server's: its target is ≥ 0.5 (docs/benchmarks.md).</summary>
    public double ControlRatio => Ratio(ApiThroughputBenchmark.ControlTarget) ?? double.NaN;

    /// <summary>
    /// C on the JetStream sink over C on the file sink, each over all its rounds (calls over seconds): its
    /// target is ≥ 0.90 (docs/benchmarks.md). Null when the JetStream row did not run.
    /// </summary>
    public double? JetStreamRatio => SinkRatio(ApiThroughputBenchmark.JetStreamTarget);

    /// <summary>The same with one stream message per event (<c>--sinks-only</c> only); null when it did not run.</summary>
    public double? JetStreamUnpackedRatio => SinkRatio(ApiThroughputBenchmark.JetStreamUnpackedTarget);

    private double? SinkRatio(string target) =>
        ClosedLoop(target) is { } jetStream && ClosedLoop(ApiThroughputBenchmark.ControlTarget) is { } files
            ? jetStream / files
            : null;

    /// <summary>The first closed-loop row of <paramref name="target"/> over the no-op server's calls/s; null when it did not run.</summary>
    public double? Ratio(string target) =>
        Rows.FirstOrDefault(r => r.Result.Target == target && IsClosedLoop(r)) is { } row ? row.Result.CallsPerSecond / Rows[0].Result.CallsPerSecond : null;

    /// <summary>Every closed-loop round of <paramref name="target"/> together: calls over seconds.</summary>
    public double? ClosedLoop(string target)
    {
        var rounds = Rows.Where(r => r.Result.Target == target && IsClosedLoop(r)).ToList();
        return rounds.Count == 0 ? null : rounds.Sum(r => r.Result.Calls) / rounds.Sum(r => r.Result.Seconds);
    }

    private static bool IsClosedLoop(GrpcRow row) => row.Result.Load.StartsWith("closed", StringComparison.Ordinal);
}
