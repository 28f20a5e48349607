using System.Text.Json;
using System.Text.RegularExpressions;

namespace Botify.Deploy.Tests.Monitoring;

/// <summary>
/// The Grafana dashboards: valid JSON on the Prometheus data source variable, the panels each must show, and only
/// series docs/operations/observability.md lists (so a rename breaks this test, not an operator's dashboard).
/// </summary>
public sealed class DashboardTests
{
    /// <summary>Per dashboard, the series its panels must read (docs/operations/monitoring.md).</summary>
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["botify-service.json"] =
        [
            "botify_api_request_duration_seconds_count", "botify_api_request_duration_seconds_bucket", "botify_api_fallbacks_total",
            "botify_api_candidate_cache_hits_total", "dotnet_gc_collections_total", "dotnet_thread_pool_thread_count_total",
        ],
        ["botify-index.json"] =
        [
            "botify_index_search_duration_seconds_count", "botify_index_search_duration_seconds_bucket", "botify_index_search_batch_queries_bucket",
            "botify_index_model_info", "botify_index_model_created_timestamp_seconds", "botify_index_reload_last_duration_seconds",
        ],
        ["botify-experiment.json"] = ["botify_api_session_time_sum", "botify_api_session_tracks_sum", "botify_api_treatment_recommendations_total"],
        ["botify-stream-sessions.json"] =
        [
            "botify_api_events_queued", "botify_api_events_dropped_total", "jetstream_stream_total_messages",
            "botify_api_session_store_duration_seconds_bucket", "botify_api_session_store_session_less_total",
        ],
    };

    [Test]
    public void Dashboards_Every_HasAUniqueUidTheDatasourceVariableAndQueriesInEveryPanel()
    {
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in MonitoringFiles.DashboardFiles)
        {
            var name = Path.GetFileName(file);
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            Assert.That(uids.Add(root.GetProperty("uid").GetString()!), Is.True, $"{name}: uid used twice");
            Assert.That(root.GetProperty("uid").GetString(), Is.EqualTo(Path.GetFileNameWithoutExtension(file)), $"{name}: uid is the file's name");
            var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
            Assert.That(variables, Does.Contain("datasource"), $"{name}: a Prometheus data source variable, so it imports on any Grafana");
            var ids = new HashSet<int>();
            foreach (var panel in root.GetProperty("panels").EnumerateArray())
            {
                var title = panel.GetProperty("title").GetString();
                Assert.That(ids.Add(panel.GetProperty("id").GetInt32()), Is.True, $"{name}/{title}: panel id used twice");
                var grid = panel.GetProperty("gridPos");
                Assert.That(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32(), Is.LessThanOrEqualTo(24), $"{name}/{title}: within Grafana's 24 columns");
                if (panel.GetProperty("type").GetString() == "row")
                {
                    continue;
                }

                Assert.That(panel.GetProperty("datasource").GetProperty("uid").GetString(), Is.EqualTo("${datasource}"), $"{name}/{title}");
                var targets = panel.GetProperty("targets").EnumerateArray().ToList();
                Assert.That(targets, Is.Not.Empty, $"{name}/{title}: no query");
                Assert.That(targets.Select(t => t.GetProperty("expr").GetString()), Has.All.Not.Empty, $"{name}/{title}: an empty query");
            }
        }

        Assert.That(uids, Has.Count.EqualTo(Required.Count));
    }

    [Test]
    public void Dashboards_Panels_ShowWhatTheIssueLists()
    {
        foreach (var (file, series) in Required)
        {
            var read = MonitoringFiles.Panels().Where(p => p.File == file).SelectMany(p => p.Exprs).SelectMany(MonitoringFiles.MetricNames).ToHashSet(StringComparer.Ordinal);
            Assert.That(read, Is.SupersetOf(series), file);
        }
    }

    [Test]
    public void MetricNames_AnExpression_AreItsSeriesNotItsFunctionsLabelsOrKeywords()
    {
        const string expr = "histogram_quantile(0.99, sum by (le, rpc_method) (rate(a_bucket{rpc_method=\"Next\", x=~\"b_total\"}[$__rate_interval])))"
            + " / on (job) group_left c_total * on (job, instance) group_left target_info{service_name=\"api\"} > 0 and d offset 5m or time() - e_seconds";

        Assert.That(MonitoringFiles.MetricNames(expr), Is.EquivalentTo(new[] { "a_bucket", "c_total", "target_info", "d", "e_seconds" }));
    }

    [Test]
    public void RulesAndDashboards_EverySeries_IsOneObservabilityMdLists()
    {
        var doc = File.ReadAllText(Checkout.File("docs/operations/observability.md"));
        // A family's wildcard (`dotnet_thread_pool_*`) lists its series; a whole namespace's (`botify_*`) does not.
        var listed = Regex.Matches(doc, @"`([a-z_:][a-z0-9_:]*\*?)", RegexOptions.CultureInvariant).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var used = MonitoringFiles.Rules().Select(r => ("botify-rules.yaml " + r.Name, r.Expr))
            .Concat(MonitoringFiles.Panels().SelectMany(p => p.Exprs.Select(e => ($"{p.File} '{p.Title}'", e))));

        Assert.Multiple(() =>
        {
            foreach (var (where, expr) in used)
            {
                foreach (var metric in MonitoringFiles.MetricNames(expr))
                {
                    var family = Regex.Replace(metric, "_(bucket|sum|count)$", string.Empty, RegexOptions.CultureInvariant);
                    var documented = listed.Contains(metric) || listed.Contains(family)
                        || listed.Any(name => name.EndsWith('*') && name.Count(c => c == '_') >= 2 && metric.StartsWith(name[..^1], StringComparison.Ordinal));
                    Assert.That(documented, Is.True, $"{where} reads {metric}, which docs/operations/observability.md does not list");
                }
            }
        });
    }
}
