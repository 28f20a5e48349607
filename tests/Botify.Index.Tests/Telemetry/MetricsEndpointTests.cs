using Botify.Index.Tests.Grpc;
using Botify.Protos.V1;
using Botify.Shared.Models;
using Grpc.Core;

namespace Botify.Index.Tests.Telemetry;

/// <summary>The index's <c>/metrics</c> (OpenTelemetry's Prometheus exporter) on its HTTP/1.1 endpoint lists search latency, visited nodes, the model and reloads.</summary>
[Category("Integration")]
public sealed class MetricsEndpointTests
{
    private const string Latency = "botify_index_search_duration_seconds";
    private const string Visited = "botify_index_search_visited_nodes";

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

        await server.Client.SearchByVectorAsync(new SearchByVectorRequest { Vector = { new float[8] }, K = 3 });
        var info = await server.Client.GetInfoAsync(new GetInfoRequest());

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(scrape.Types[Latency], Is.EqualTo("histogram"));
        Assert.That(scrape.Value(Latency + "_count", ("method", "Search")), Is.EqualTo(5));
        Assert.That(scrape.Value(Latency + "_bucket", ("method", "Search"), ("le", "+Inf")), Is.EqualTo(5));
        Assert.That(scrape.Value(Latency + "_bucket", ("method", "Search"), ("le", "5E-05")), Is.LessThanOrEqualTo(5), "a 50 µs bucket for warm searches");
        Assert.That(scrape.Value(Latency + "_count", ("method", "SearchByVector")), Is.EqualTo(1));
        Assert.That(scrape.Value(Latency + "_sum", ("method", "Search")), Is.GreaterThan(0));
        Assert.That(scrape.Types[Visited], Is.EqualTo("histogram"));
        Assert.That(scrape.Value(Visited + "_count", ("method", "Search")), Is.EqualTo(5));
        Assert.That(scrape.Value(Visited + "_sum", ("method", "Search")), Is.GreaterThanOrEqualTo(5 * 10), "each search scores at least its k hits");
        Assert.That(scrape.Series(Visited + "_bucket", ("method", "Search")).Select(s => s.Labels["le"]), Is.EqualTo(new[] { "100", "250", "500", "1000", "2500", "5000", "10000", "25000", "+Inf" }));
        Assert.That(scrape.Value("botify_index_model_loaded"), Is.EqualTo(1));
        Assert.That(scrape.Value("botify_index_model_info", ("version", info.ModelVersion)), Is.EqualTo(1));
        Assert.That(scrape.Value("botify_index_model_tracks"), Is.EqualTo(1_000));
        Assert.That(scrape.Value("botify_index_model_loaded_timestamp_seconds"), Is.EqualTo(info.LoadedAt.Seconds).Within(1));
        Assert.That(scrape.Value("botify_index_reloads_total", ("outcome", "loaded")), Is.EqualTo(1));
        Assert.That(scrape.Value("botify_index_reloads_total", ("outcome", "refused")), Is.Zero);
    }

    [Test]
    public async Task Metrics_RefusedThenGoodReload_LastRefusedGaugeFollowsAndModelCreatedTimeIsTheManifests()
    {
        using var folder = new TempFolder();
        var bundle = folder.File("bundle");
        var model = RandomModelGenerator.Generate(tracks: 300, users: 5, dimension: 8, seed: 5);
        model.Manifest.CreatedAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        model.Save(bundle);
        var corrupt = folder.File("corrupt");
        Directory.CreateDirectory(corrupt);
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={bundle}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        async Task<PrometheusText> Scrape() => PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        var started = await Scrape();
        Assert.ThrowsAsync<RpcException>(async () => await server.Client.ReloadAsync(new ReloadRequest { BundlePath = corrupt }));
        var refused = await Scrape();
        await server.Client.ReloadAsync(new ReloadRequest { BundlePath = bundle });
        var reloaded = await Scrape();

        Assert.That(started.Value("botify_index_reload_last_refused"), Is.Zero, "the start-up load succeeded");
        Assert.That(started.Value("botify_index_reload_last_duration_seconds"), Is.GreaterThan(0));
        Assert.That(started.Value("botify_index_model_created_timestamp_seconds"), Is.EqualTo(model.Manifest.CreatedAt.ToUnixTimeSeconds()));
        Assert.That(refused.Value("botify_index_reload_last_refused"), Is.EqualTo(1), "the old model keeps serving, the gauge says the reload failed");
        Assert.That(refused.Value("botify_index_model_loaded"), Is.EqualTo(1));
        Assert.That(reloaded.Value("botify_index_reload_last_refused"), Is.Zero, "a good load clears it");
    }

    [Test]
    public async Task Metrics_SearchBatch_QueriesPerCallHistogram()
    {
        using var folder = new TempFolder();
        var bundle = folder.File("bundle");
        RandomModelGenerator.Generate(tracks: 300, users: 5, dimension: 8, seed: 6).Save(bundle);
        await using var server = await IndexServer.StartAsync($"--Index:BundlePath={bundle}");
        await server.Client.SearchBatchAsync(new SearchBatchRequest { Queries = { Enumerable.Range(0, 3).Select(i => new SearchRequest { ContextTrack = i, K = 5 }) } });
        await server.Client.SearchBatchAsync(new SearchBatchRequest { Queries = { Enumerable.Range(0, 40).Select(i => new SearchRequest { ContextTrack = i, K = 5 }) } });

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        var scrape = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        Assert.That(scrape.Types["botify_index_search_batch_queries"], Is.EqualTo("histogram"));
        Assert.That(scrape.Value("botify_index_search_batch_queries_count"), Is.EqualTo(2));
        Assert.That(scrape.Value("botify_index_search_batch_queries_sum"), Is.EqualTo(43));
        Assert.That(scrape.Value("botify_index_search_batch_queries_bucket", ("le", "4")), Is.EqualTo(1));
        Assert.That(scrape.Value(Latency + "_count", ("method", "Search")), Is.EqualTo(43), "each query of a batch is one search");
    }

    [Test]
    public async Task Metrics_AfterSearches_ListsAspNetCoreKestrelAndRuntimeMeters()
    {
        await using var server = await IndexServer.StartAsync();
        await server.Client.GetInfoAsync(new GetInfoRequest());

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        var scrape = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        // Microsoft.AspNetCore.Hosting and .Routing: the gRPC call with its route; Kestrel: the test's connections.
        Assert.That(scrape.Types["http_server_request_duration_seconds"], Is.EqualTo("histogram"));
        Assert.That(scrape.Value("http_server_request_duration_seconds_count", ("http_route", "/botify.v1.TrackIndex/GetInfo"), ("http_response_status_code", "200")), Is.EqualTo(1));
        Assert.That(scrape.Types["kestrel_active_connections"], Is.EqualTo("gauge"));
        Assert.That(scrape.Series("kestrel_active_connections").Sum(s => s.Value), Is.GreaterThanOrEqualTo(1));
        Assert.That(scrape.Types, Does.ContainKey("aspnetcore_routing_match_attempts_total"));
        // System.Runtime.
        Assert.That(scrape.Types, Does.ContainKey("dotnet_gc_collections_total").And.ContainKey("dotnet_process_memory_working_set_bytes").And.ContainKey("dotnet_process_cpu_time_seconds_total"));
    }

    [Test]
    public async Task Metrics_ColdStart_ModelNotLoadedAndNoModelSeries()
    {
        await using var server = await IndexServer.StartAsync();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        var scrape = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        Assert.That(scrape.Value("botify_index_model_loaded"), Is.Zero);
        Assert.That(scrape.Series("botify_index_model_info"), Is.Empty);
        Assert.That(scrape.Value("botify_index_reloads_total", ("outcome", "loaded")), Is.Zero);
    }
}
