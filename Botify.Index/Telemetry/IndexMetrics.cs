using System.Diagnostics.Metrics;
using Botify.Index.Models;

namespace Botify.Index.Telemetry;

/// <summary>
/// The index's OpenTelemetry instruments, created once on the host's <see cref="IMeterFactory"/> and scraped
/// in the Prometheus format at <c>/metrics</c>: search latency and visited nodes per method and queries per
/// SearchBatch call (histograms), the model being served (loaded, version, tracks, load and creation time),
/// reloads by outcome and the latest reload's outcome and duration, read from the <see cref="ModelHolder"/> at scrape time.
/// </summary>
internal sealed class IndexMetrics
{
    public const string MeterName = "Botify.Index";

    /// <summary>Seconds: 50 µs (a warm small-graph search) to 100 ms (far past the API's 50 ms attempt timeout).</summary>
    internal static readonly double[] LatencyBounds = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    /// <summary>Nodes scored by one search: ef = 100 on 50,000 tracks visits about 1,500–3,000.</summary>
    internal static readonly int[] VisitedBounds = [100, 250, 500, 1000, 2500, 5000, 10000, 25000];

    /// <summary>Queries in one SearchBatch call: the API coalesces up to 64 by default, a batch holds at most 1,000.</summary>
    internal static readonly int[] BatchBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000];

    private static readonly KeyValuePair<string, object?> SearchTag = new("method", "Search");
    private static readonly KeyValuePair<string, object?> VectorTag = new("method", "SearchByVector");

    private readonly Histogram<double> _latency;
    private readonly Histogram<int> _visited;
    private readonly Histogram<int> _batchQueries;

    public IndexMetrics(IMeterFactory meters, ModelHolder holder)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(holder);
        var meter = meters.Create(MeterName);
        _latency = meter.CreateHistogram(
            "botify.index.search.duration",
            "s",
            "Time to answer one query, validation to reply",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBounds });
        _visited = meter.CreateHistogram(
            "botify.index.search.visited_nodes",
            "{node}",
            "Graph nodes scored by one query",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = VisitedBounds });
        _batchQueries = meter.CreateHistogram(
            "botify.index.search_batch.queries",
            "{query}",
            "Queries in one SearchBatch call",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBounds });
        meter.CreateObservableGauge("botify.index.model.loaded", () => holder.Current is null ? 0 : 1, description: "1 when a model is served, 0 during a cold start");
        meter.CreateObservableGauge("botify.index.model.info", () => Info(holder), description: "The model being served (always 1, its version as a label)");
        meter.CreateObservableGauge("botify.index.model.tracks", () => Tracks(holder), "{track}", "Tracks of the model being served");
        meter.CreateObservableGauge("botify.index.model.loaded_timestamp", () => LoadedAt(holder), "s", "When the model being served was loaded, Unix seconds");
        meter.CreateObservableGauge("botify.index.model.created_timestamp", () => CreatedAt(holder), "s", "When the model being served was written by its trainer (the manifest's createdAt), Unix seconds");
        meter.CreateObservableCounter("botify.index.reloads", () => Reloads(holder), "{reload}", "Model loads by outcome (refused: missing or corrupt bundle, the old model kept serving)");
        meter.CreateObservableGauge("botify.index.reload.last_refused", () => LastRefused(holder), description: "1 when the latest model load was refused (the old model keeps serving), 0 after a load succeeds");
        meter.CreateObservableGauge("botify.index.reload.last_duration", () => LastDuration(holder), "s", "Time the latest model load took, read and graph build or load included, swapped in or refused");
    }

    /// <summary>Records one answered query of <paramref name="byVector"/> kind (SearchByVector, else Search).</summary>
    public void Searched(bool byVector, TimeSpan elapsed, int visited)
    {
        var method = byVector ? VectorTag : SearchTag;
        _latency.Record(elapsed.TotalSeconds, method);
        _visited.Record(visited, method);
    }

    /// <summary>Records one SearchBatch call of <paramref name="queries"/> queries.</summary>
    public void SearchedBatch(int queries) => _batchQueries.Record(queries);

    private static IEnumerable<Measurement<int>> Info(ModelHolder holder) =>
        holder.Current is { } model ? [new Measurement<int>(1, new KeyValuePair<string, object?>("version", model.Version))] : [];

    private static IEnumerable<Measurement<int>> Tracks(ModelHolder holder) =>
        holder.Current is { } model ? [new Measurement<int>(model.Bundle.Manifest.Tracks)] : [];

    private static IEnumerable<Measurement<long>> LoadedAt(ModelHolder holder) =>
        holder.Current is { } model ? [new Measurement<long>(model.LoadedAt.ToUnixTimeSeconds())] : [];

    private static IEnumerable<Measurement<long>> CreatedAt(ModelHolder holder) =>
        holder.Current is { } model ? [new Measurement<long>(model.Bundle.Manifest.CreatedAt.ToUnixTimeSeconds())] : [];

    private static IEnumerable<Measurement<int>> LastRefused(ModelHolder holder) =>
        holder.LastAttempt is { } attempt ? [new Measurement<int>(attempt.Refused ? 1 : 0)] : [];

    private static IEnumerable<Measurement<double>> LastDuration(ModelHolder holder) =>
        holder.LastAttempt is { } attempt ? [new Measurement<double>(attempt.Duration.TotalSeconds)] : [];

    private static IEnumerable<Measurement<long>> Reloads(ModelHolder holder) =>
    [
        new(holder.Reloads, new KeyValuePair<string, object?>("outcome", "loaded")),
        new(holder.RefusedReloads, new KeyValuePair<string, object?>("outcome", "refused")),
    ];
}
