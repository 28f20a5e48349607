namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// The gRPC phases of one api benchmark run, in order: closed loop against the no-op server, C (cached), C with
/// the cache off, T3, T3 with batching off, T4; then open loop against C and the no-op server.
/// </summary>
internal sealed class GrpcResults
{
    public List<(LoadResult Result, PhaseCounters Served)> Rows { get; } = [];

    public List<double> WarmUps { get; } = [];

    public double? LoadAtStart { get; init; }

    public double? LoadAtEnd { get; set; }

    public double LateP99Ms { get; set; }

    public double LateMaxMs { get; set; }

    public double DriverCallsPerSecond { get; set; }

    public double DriverP99Ms { get; set; }

    /// <summary>C's closed-loop calls/s over the no-op server's: the figure issue 19 sets at ≥ 0.5.</summary>
    public double ControlRatio => Ratio(1);

    /// <summary>Row <paramref name="row"/>'s closed-loop calls/s over the no-op server's.</summary>
    public double Ratio(int row) => Rows[row].Result.CallsPerSecond / Rows[0].Result.CallsPerSecond;
}
