using Grpc.Core;

namespace Botify.Benchmarks.Faults;

/// <summary>One call of the steady load: when it started and ended on <see cref="FaultClock"/>, its status and, for an answered <c>Next</c>, the source the API named.</summary>
internal readonly record struct CallRecord(double Started, double Ended, StatusCode Status, string? Source)
{
    public double LatencyMs => (Ended - Started) * 1_000;

    public bool Answered => Status == StatusCode.OK;

    /// <summary>An answered Next served by a fallback (top-pop or random), the index not used.</summary>
    public bool IsFallback => Source is not null && Source.Contains("fallback", StringComparison.Ordinal);

    /// <summary>An answered Next served from the index's neighbours.</summary>
    public bool IsContextual => Source is not null && Source.Contains("contextual", StringComparison.Ordinal);
}
