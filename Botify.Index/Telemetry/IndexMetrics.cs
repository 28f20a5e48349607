using System.Globalization;
using System.Text;
using Botify.Index.Serving;

namespace Botify.Index.Telemetry;

/// <summary>
/// The index's metrics, rendered in the Prometheus text format at <c>/metrics</c> in the same style
/// as the API's: search latency and visited nodes per method (histograms), the model being served
/// (loaded, version, tracks) and reloads by outcome.
/// </summary>
internal sealed class IndexMetrics(ModelHolder holder)
{
    /// <summary>Seconds: 50 µs (a warm small-graph search) to 100 ms (far past the API's 50 ms attempt timeout).</summary>
    private static readonly double[] LatencyBounds = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    /// <summary>Nodes scored by one search: ef = 100 on 50,000 tracks visits about 1,500–3,000.</summary>
    private static readonly double[] VisitedBounds = [100, 250, 500, 1000, 2500, 5000, 10000, 25000];

    private readonly PrometheusHistogram _searchLatency = new(LatencyBounds, sumUnit: 1e-7);
    private readonly PrometheusHistogram _vectorLatency = new(LatencyBounds, sumUnit: 1e-7);
    private readonly PrometheusHistogram _searchVisited = new(VisitedBounds, sumUnit: 1);
    private readonly PrometheusHistogram _vectorVisited = new(VisitedBounds, sumUnit: 1);

    /// <summary>Records one answered query of <paramref name="byVector"/> kind (SearchByVector, else Search).</summary>
    public void Searched(bool byVector, TimeSpan elapsed, int visited)
    {
        (byVector ? _vectorLatency : _searchLatency).Observe(elapsed.TotalSeconds);
        (byVector ? _vectorVisited : _searchVisited).Observe(visited);
    }

    public string RenderPrometheus()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.Append("# HELP botify_index_search_duration_seconds Time to answer one query, validation to reply\n# TYPE botify_index_search_duration_seconds histogram\n");
        _searchLatency.Render(text, "botify_index_search_duration_seconds", "method=\"Search\",");
        _vectorLatency.Render(text, "botify_index_search_duration_seconds", "method=\"SearchByVector\",");
        text.Append("# HELP botify_index_search_visited_nodes Graph nodes scored by one query\n# TYPE botify_index_search_visited_nodes histogram\n");
        _searchVisited.Render(text, "botify_index_search_visited_nodes", "method=\"Search\",");
        _vectorVisited.Render(text, "botify_index_search_visited_nodes", "method=\"SearchByVector\",");

        var model = holder.Current;
        text.Append("# HELP botify_index_model_loaded 1 when a model is served, 0 during a cold start\n# TYPE botify_index_model_loaded gauge\n");
        text.Append(invariant, $"botify_index_model_loaded {(model is null ? 0 : 1)}\n");
        if (model is not null)
        {
            text.Append("# HELP botify_index_model_info The model being served (always 1)\n# TYPE botify_index_model_info gauge\n");
            text.Append(invariant, $"botify_index_model_info{{version=\"{Escape(model.Version)}\"}} 1\n");
            text.Append(invariant, $"# TYPE botify_index_model_tracks gauge\nbotify_index_model_tracks {model.Bundle.Manifest.Tracks}\n");
            text.Append(invariant, $"# TYPE botify_index_model_loaded_timestamp_seconds gauge\nbotify_index_model_loaded_timestamp_seconds {model.LoadedAt.ToUnixTimeSeconds()}\n");
        }

        text.Append("# HELP botify_index_reloads_total Model loads by outcome (refused: missing or corrupt bundle, the old model kept serving)\n# TYPE botify_index_reloads_total counter\n");
        text.Append(invariant, $"botify_index_reloads_total{{outcome=\"loaded\"}} {holder.Reloads}\n");
        text.Append(invariant, $"botify_index_reloads_total{{outcome=\"refused\"}} {holder.RefusedReloads}\n");
        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
