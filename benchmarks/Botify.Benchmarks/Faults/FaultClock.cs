using System.Diagnostics;

namespace Botify.Benchmarks.Faults;

/// <summary>One clock for the whole suite, so a call's start and a fault's moment compare directly.</summary>
internal static class FaultClock
{
    private static readonly long Origin = Stopwatch.GetTimestamp();

    /// <summary>Seconds since the suite started.</summary>
    public static double Now => Stopwatch.GetElapsedTime(Origin).TotalSeconds;
}
