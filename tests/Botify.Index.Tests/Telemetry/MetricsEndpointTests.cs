using Botify.Index.Tests.Services;
using Botify.Protos.V1;
using Botify.Shared.Models;

namespace Botify.Index.Tests.Telemetry;

/// <summary>The index's <c>/metrics</c> on its HTTP/1.1 endpoint lists search latency, visited nodes, the model and reloads.</summary>
[Category("Integration")]
public sealed class MetricsEndpointTests
{
    [Test]
    public async Task Metrics_AfterSearches_ListsLatencyVisitedModelAndReloads()
    {
        using var folder = new TempFolder();
        var bundle = folder.File("bundle");
        RandomModelGenerator.Generate(tracks: 1_000, users: 20, dimension: 8, seed: 4).Save(bundle);
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={bundle}");
        for (var i = 0; i < 5; i++)
        {
            await server.Client.SearchAsync(new SearchRequest { ContextTrack = i, K = 10 });
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(text, Does.Contain("# TYPE botify_index_search_duration_seconds histogram"));
        Assert.That(text, Does.Contain("botify_index_search_duration_seconds_count{method=\"Search\"} 5"));
        Assert.That(text, Does.Contain("botify_index_search_duration_seconds_bucket{method=\"Search\",le=\"+Inf\"} 5"));
        Assert.That(text, Does.Contain("botify_index_search_visited_nodes_count{method=\"Search\"} 5"));
        Assert.That(text, Does.Contain("botify_index_model_loaded 1"));
        Assert.That(text, Does.Contain("botify_index_model_info{version="));
        Assert.That(text, Does.Contain("botify_index_reloads_total{outcome=\"loaded\"} 1"));
        Assert.That(text, Does.Contain("botify_index_reloads_total{outcome=\"refused\"} 0"));
    }
}
