namespace Botify.Benchmarks.ApiThroughput;

/// <summary>What Botify.Api served during one load phase: recommendations, fallbacks by reason, candidate-cache lookups.</summary>
internal sealed record PhaseCounters(double Recommendations, SortedDictionary<string, double> FallbacksByReason, double CacheHits, double CacheMisses)
{
    public static readonly PhaseCounters None = new(0, [], 0, 0);

    public double FallbackShare => Recommendations == 0 ? 0 : FallbacksByReason.Values.Sum() / Recommendations;

    public double CacheHitShare => CacheHits + CacheMisses == 0 ? 0 : CacheHits / (CacheHits + CacheMisses);

    /// <summary>"0.00 %", or the share with its reasons: "1.20 % (index-busy 1.10 %, timeout 0.10 %)".</summary>
    public string DescribeFallbacks()
    {
        if (FallbacksByReason.Count == 0)
        {
            return "0.00 %";
        }

        var reasons = string.Join(", ", FallbacksByReason.Select(r => FormattableString.Invariant($"{r.Key} {r.Value / Recommendations:P2}")));
        return FormattableString.Invariant($"{FallbackShare:P2} ({reasons})");
    }

    public static PhaseCounters Between(ApiCounters before, ApiCounters after) => new(
        ApiCounters.Delta(before, after, "botify_api_recommendations_total"),
        ApiCounters.DeltaBy(before, after, "botify_api_fallbacks_total", "reason"),
        ApiCounters.Delta(before, after, "botify_api_candidate_cache_hits_total"),
        ApiCounters.Delta(before, after, "botify_api_candidate_cache_misses_total"));
}
