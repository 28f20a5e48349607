using System.Text.Json.Serialization;

namespace Botify.Benchmarks.IndexComparison.Reporting;

/// <summary>The JSON an <c>index</c> run writes: <c>{"vectors":N,"dim":d,"results":[...]}</c> and the settings that made it.</summary>
internal sealed record IndexReport
{
    [JsonPropertyName("vectors")]
    public required int Vectors { get; init; }

    [JsonPropertyName("dim")]
    public required int Dim { get; init; }

    [JsonPropertyName("results")]
    public required IReadOnlyList<EngineResult> Results { get; init; }

    [JsonPropertyName("queries")]
    public required int Queries { get; init; }

    [JsonPropertyName("k")]
    public required int K { get; init; }

    [JsonPropertyName("m")]
    public required int M { get; init; }

    [JsonPropertyName("ef_construction")]
    public required int EfConstruction { get; init; }

    [JsonPropertyName("seed")]
    public required int Seed { get; init; }

    [JsonPropertyName("clusters")]
    public required int Clusters { get; init; }

    [JsonPropertyName("query_clusters")]
    public required int QueryClusters { get; init; }

    /// <summary>clusters (queries around their own centres), items (perturbed item directions), npy (read by --data) or bundle (a model's context vectors).</summary>
    [JsonPropertyName("query_mode")]
    public required string QueryMode { get; init; }

    /// <summary>generated, or where the problem was read from: "npy FOLDER" (--data) or "bundle FOLDER" (--bundle).</summary>
    [JsonPropertyName("data")]
    public required string Data { get; init; }

    [JsonPropertyName("build_threads")]
    public required int BuildThreads { get; init; }

    [JsonPropertyName("ground_truth_seconds")]
    public required double GroundTruthSeconds { get; init; }

    /// <summary>Timed passes per engine and ef; qps and latencies are the fastest pass's.</summary>
    [JsonPropertyName("passes")]
    public required int Passes { get; init; }

    /// <summary>Whether Botify's graph arrays were advised for 2 MB pages (<c>--huge-pages</c>).</summary>
    [JsonPropertyName("huge_pages")]
    public required bool HugePages { get; init; }

    /// <summary>Whether Botify's items were stored in locality order (<c>--locality</c>).</summary>
    [JsonPropertyName("locality_order")]
    public required bool LocalityOrder { get; init; }

    /// <summary>One-minute load average when the run started and ended (above the core count: a busy machine).</summary>
    [JsonPropertyName("load_average_start")]
    public double? LoadAverageStart { get; init; }

    [JsonPropertyName("load_average_end")]
    public double? LoadAverageEnd { get; init; }

    /// <summary>How each engine was built (threads, reservation), by engine name.</summary>
    [JsonPropertyName("build_notes")]
    public required IReadOnlyDictionary<string, string> BuildNotes { get; init; }

    [JsonPropertyName("same_recall")]
    public required IReadOnlyList<RecallTarget> SameRecall { get; init; }

    [JsonPropertyName("machine")]
    public required MachineInfo Machine { get; init; }

    [JsonPropertyName("created_utc")]
    public required DateTimeOffset CreatedUtc { get; init; }
}
