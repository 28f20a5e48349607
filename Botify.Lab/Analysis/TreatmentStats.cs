using Botify.Shared.Statistics;
namespace Botify.Lab.Analysis;

/// <summary>
/// One treatment's figures, the listener being the unit: <see cref="Mean"/> and <see cref="Variance"/>
/// are of each listener's mean session time (total time / sessions).
/// </summary>
public sealed record TreatmentStats(
    string Treatment,
    int Listeners,
    int Sessions,
    double Mean,
    double Variance,
    double TracksPerSession,
    double MeanLatencyMs,
    double P99LatencyMs)
{
    /// <summary>Half-width of the 95% interval of <see cref="Mean"/> (t quantile, n - 1 degrees of freedom).</summary>
    public double HalfWidth95 => Listeners > 1 ? StudentT.Quantile(0.975, Listeners - 1) * Math.Sqrt(Variance / Listeners) : double.NaN;

    /// <summary>Which recommender served the treatment's calls; null when the log carries no sources (the course's logs).</summary>
    public SourceShares? Sources { get; init; }
}
