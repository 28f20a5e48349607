using System.Text.Json.Serialization;

namespace Botify.Benchmarks.IndexComparison.Reporting;

/// <summary>An engine's fastest row that reaches a recall floor (the "same recall" comparison).</summary>
internal sealed record RecallTarget
{
    [JsonPropertyName("recall_floor")]
    public required double RecallFloor { get; init; }

    [JsonPropertyName("engine")]
    public required string Engine { get; init; }

    /// <summary>Null when no ef of the sweep reached the floor.</summary>
    [JsonPropertyName("ef")]
    public int? Ef { get; init; }

    [JsonPropertyName("recall_at_10")]
    public double? RecallAt10 { get; init; }

    [JsonPropertyName("qps")]
    public double? Qps { get; init; }

    /// <summary>
    /// From the rows of each engine that reach <paramref name="floor"/>, the one with the most queries
    /// per second (the exact scan is left out: it reaches every floor by definition).
    /// </summary>
    public static IEnumerable<RecallTarget> Best(IReadOnlyList<EngineResult> results, double floor) =>
        results
            .Where(r => r.Ef is not null)
            .GroupBy(r => r.Engine, StringComparer.Ordinal)
            .Select(engine =>
            {
                var best = engine.Where(r => r.RecallAt10 >= floor).MaxBy(r => r.Qps);
                return new RecallTarget { RecallFloor = floor, Engine = engine.Key, Ef = best?.Ef, RecallAt10 = best?.RecallAt10, Qps = best?.Qps };
            });
}
