using System.Text.Json.Serialization;

namespace Botify.Benchmarks.IndexComparison.Reporting;

/// <summary>One row of the comparison: one engine at one ef (no ef for the exact scan).</summary>
internal sealed record EngineResult
{
    [JsonPropertyName("engine")]
    public required string Engine { get; init; }

    [JsonPropertyName("ef")]
    public int? Ef { get; init; }

    /// <summary>Mean over queries of |found ∩ exact top-k| / k (k = 10 unless --k says otherwise).</summary>
    [JsonPropertyName("recall_at_10")]
    public required double RecallAt10 { get; init; }

    /// <summary>Queries per second on one thread, one query after another.</summary>
    [JsonPropertyName("qps")]
    public required double Qps { get; init; }

    [JsonPropertyName("build_seconds")]
    public required double BuildSeconds { get; init; }

    [JsonPropertyName("bytes_per_vector")]
    public required double BytesPerVector { get; init; }

    [JsonPropertyName("p50_us")]
    public required double P50Micros { get; init; }

    [JsonPropertyName("p99_us")]
    public required double P99Micros { get; init; }

    /// <summary>Mean distance computations per query, where the engine reports them.</summary>
    [JsonPropertyName("visited")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Visited { get; init; }

    /// <summary>USearch only: its serialized size per vector (memory_usage also counts arena slack and per-thread scratch).</summary>
    [JsonPropertyName("serialized_bytes_per_vector")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SerializedBytesPerVector { get; init; }

    /// <summary>Managed bytes allocated per query on the timing thread (0 proves a garbage-free path).</summary>
    [JsonPropertyName("alloc_bytes_per_query")]
    public required double AllocatedBytesPerQuery { get; init; }

    /// <summary>USearch only: queries per second through the C# wrapper's allocating Search.</summary>
    [JsonPropertyName("qps_wrapper")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WrapperQps { get; init; }

    [JsonPropertyName("queries")]
    public required int Queries { get; init; }

    [JsonPropertyName("build_threads")]
    public required int BuildThreads { get; init; }
}
