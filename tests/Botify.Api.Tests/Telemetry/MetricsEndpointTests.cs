using System.Net;
using System.Net.Http.Json;
using System.Text;
using Botify.Api.IndexClient;
using Botify.Api.Tests.EndToEnd;
using Botify.Api.Tests.Sessions;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Grpc.Core;

namespace Botify.Api.Tests.Telemetry;

/// <summary>
/// The API's <c>/metrics</c> (OpenTelemetry's Prometheus exporter) after a few calls through both front doors
/// lists every family operators rely on: request latency per method, status and treatment in the semantic
/// conventions' attributes (<c>rpc.*</c> for gRPC, <c>http.*</c> for JSON), replies per source, fallbacks per
/// reason, the circuit, session-store latency per store and operation, the event log, and the platform's
/// meters (ASP.NET Core, Kestrel, the runtime, the HTTP client, Polly).
/// </summary>
[Category("Integration")]
public sealed class MetricsEndpointTests
{
    private const string Duration = "botify_api_request_duration_seconds";
    private const string SessionStore = "botify_api_session_store_duration_seconds";
    private const string PollyEvents = "resilience_polly_strategy_events_total";

    private static readonly (string, string)[] Grpc = [("rpc_system", "grpc"), ("rpc_service", "botify.v1.Recommender")];

    [Test]
    public async Task Metrics_AfterCallsThroughBothFrontDoors_ListsEveryFamilyWithSemanticConventionAttributes()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 200, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "Contextual"),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);

        // Listeners 0..11 fall in both treatments (murmur3 buckets of RECOMMENDERS); each plays one track and leaves.
        var treatments = new HashSet<string>(StringComparer.Ordinal);
        for (var user = 0; user < 12; user++)
        {
            treatments.Add((await api.Client.NextAsync(new NextRequest { User = user, Track = 3, Time = 0.9f })).Treatment);
            await api.Client.LastAsync(new LastRequest { User = user, Track = 5, Time = 0.5f });
        }

        await api.Client.GetTrackAsync(new GetTrackRequest { Track = 7 });
        (await api.Http.PostAsJsonAsync("/next/100", new { track = 3, time = 0.8 })).EnsureSuccessStatusCode();
        (await api.Http.PostAsJsonAsync("/last/100", new { track = 4, time = 0.1 })).EnsureSuccessStatusCode();
        (await api.Http.GetAsync("/track/9")).EnsureSuccessStatusCode();
        index.Answer = _ => throw new RpcException(new Status(StatusCode.FailedPrecondition, "no model"));
        await api.Client.NextAsync(new NextRequest { User = 200, Track = 3, Time = 1 });
        Assert.ThrowsAsync<RpcException>(async () => await api.Client.GetTrackAsync(new GetTrackRequest { Track = 100_000 }));
        Assert.That(treatments, Is.EquivalentTo(new[] { "C", "T1" }), "the listeners cover both treatments");

        using var response = await api.Http.GetAsync("/metrics");
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(scrape.Types[Duration], Is.EqualTo("histogram"));
        var perTreatment = scrape.Series(Duration + "_count", [.. Grpc, ("rpc_method", "Next"), ("rpc_grpc_status_code", "0")]).ToDictionary(s => s.Labels["botify_treatment"], s => s.Value);
        Assert.That(perTreatment.Keys, Is.EquivalentTo(new[] { "C", "T1" }), "Next latency per treatment");
        Assert.That(perTreatment.Values.Sum(), Is.EqualTo(13), "every gRPC Next, the fallback included");
        Assert.That(scrape.Series(Duration + "_count", [.. Grpc, ("rpc_method", "Last"), ("rpc_grpc_status_code", "0")]).Sum(s => s.Value), Is.EqualTo(12));
        Assert.That(scrape.Value(Duration + "_count", [.. Grpc, ("rpc_method", "GetTrack"), ("rpc_grpc_status_code", "0")]), Is.EqualTo(1));
        Assert.That(scrape.Value(Duration + "_count", [.. Grpc, ("rpc_method", "GetTrack"), ("rpc_grpc_status_code", "5")]), Is.EqualTo(1), "the unknown track, recorded with NOT_FOUND");
        Assert.That(scrape.Series(Duration + "_count", ("http_request_method", "POST"), ("http_route", "/next/{user}"), ("http_response_status_code", "200")).Sum(s => s.Value), Is.EqualTo(1));
        Assert.That(scrape.Series(Duration + "_count", ("http_request_method", "POST"), ("http_route", "/last/{user}"), ("http_response_status_code", "200")).Sum(s => s.Value), Is.EqualTo(1));
        Assert.That(scrape.Value(Duration + "_count", ("http_request_method", "GET"), ("http_route", "/track/{track}"), ("http_response_status_code", "200")), Is.EqualTo(1));
        Assert.That(scrape.Series(Duration + "_bucket", ("rpc_method", "Next")).Select(s => s.Labels["le"]), Does.Contain("0.0001").And.Contain("+Inf"), "sub-millisecond buckets");
        Assert.That(scrape.Series(Duration + "_count").SelectMany(s => s.Labels.Keys), Has.None.EqualTo("method").And.None.EqualTo("treatment"), "the old labels are gone");
        Assert.That(scrape.Series(Duration + "_count"), Has.All.Matches<PrometheusSample>(s => s.Labels.ContainsKey("rpc_grpc_status_code") != s.Labels.ContainsKey("http_response_status_code")), "every duration carries its protocol's status");

        Assert.That(scrape.Value("botify_api_requests_total", [.. Grpc, ("rpc_method", "Next")]), Is.EqualTo(13));
        Assert.That(scrape.Value("botify_api_requests_total", [.. Grpc, ("rpc_method", "GetTrack")]), Is.EqualTo(2), "accepted requests count the unknown track too");
        Assert.That(scrape.Value("botify_api_requests_total", ("http_request_method", "POST"), ("http_route", "/next/{user}")), Is.EqualTo(1));
        Assert.That(scrape.Value("botify_api_rejected_total", ("error_type", "not-found")), Is.EqualTo(1));
        Assert.That(scrape.Value("botify_api_recommendations_total", ("source", "contextual")), Is.EqualTo(13));
        Assert.That(scrape.Value("botify_api_fallbacks_total", ("reason", FallbackReasons.NoModel)), Is.EqualTo(1));
        Assert.That(scrape.Types["botify_api_index_circuit_state"], Is.EqualTo("gauge"));
        Assert.That(scrape.Value("botify_api_index_circuit_state"), Is.Zero, "closed");
        Assert.That(scrape.Types, Does.Not.ContainKey("botify_api_index_circuit_openings_total"), "Polly counts the openings");

        Assert.That(scrape.Types[SessionStore], Is.EqualTo("histogram"));
        Assert.That(scrape.Value(SessionStore + "_count", ("store", "memory"), ("operation", "update")), Is.EqualTo(14), "one session update per Next, both front doors");
        Assert.That(scrape.Value(SessionStore + "_count", ("store", "memory"), ("operation", "reset")), Is.EqualTo(13), "one reset per Last");
        Assert.That(scrape.Series(SessionStore + "_bucket", ("operation", "update")).Select(s => s.Labels["le"]), Does.Contain("1E-06").Or.Contain("1e-06"), "microsecond buckets for the memory store");
        Assert.That(scrape.Types.Keys.Where(k => k.StartsWith("botify_api_session_store_redis_", StringComparison.Ordinal)), Is.Empty, "the memory store has no Redis client");

        Assert.That(scrape.Types["botify_api_events_queued"], Is.EqualTo("gauge"));
        Assert.That(scrape.Value("botify_api_events_queued"), Is.GreaterThanOrEqualTo(0));
        Assert.That(scrape.Value("botify_api_events_accepted_total"), Is.EqualTo(27), "one event per answered Next (14) and Last (13)");
        Assert.That(scrape.Series("botify_api_events_written_total"), Is.Not.Empty);
        Assert.That(scrape.Series("botify_api_event_files_total"), Is.Not.Empty);
    }

    [Test]
    public async Task Metrics_AfterCalls_ListsAspNetCoreKestrelRuntimeHttpClientAndPollyMeters()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 50, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [.. ApiServer.Treatment(0, "C", "Contextual")]);

        await api.Client.NextAsync(new NextRequest { User = 1, Track = 3, Time = 1 });
        (await api.Http.PostAsJsonAsync("/next/2", new { track = 3, time = 1 })).EnsureSuccessStatusCode();
        var scrape = PrometheusText.Parse(await api.Http.GetStringAsync("/metrics"));

        // Microsoft.AspNetCore.Hosting and .Routing: every request, gRPC and JSON, with its route.
        Assert.That(scrape.Types["http_server_request_duration_seconds"], Is.EqualTo("histogram"));
        Assert.That(scrape.Value("http_server_request_duration_seconds_count", ("http_route", "/next/{user}"), ("http_request_method", "POST"), ("http_response_status_code", "200")), Is.EqualTo(1));
        Assert.That(scrape.Series("http_server_request_duration_seconds_count", ("http_route", "/botify.v1.Recommender/Next")).Sum(s => s.Value), Is.GreaterThanOrEqualTo(1));
        Assert.That(scrape.Types, Does.ContainKey("http_server_active_requests"));
        // Microsoft.AspNetCore.Server.Kestrel: the test's connections to both endpoints.
        Assert.That(scrape.Types["kestrel_active_connections"], Is.EqualTo("gauge"));
        Assert.That(scrape.Series("kestrel_active_connections").Sum(s => s.Value), Is.GreaterThanOrEqualTo(1));
        // System.Runtime.
        Assert.That(scrape.Types, Does.ContainKey("dotnet_gc_collections_total").And.ContainKey("dotnet_process_memory_working_set_bytes").And.ContainKey("dotnet_process_cpu_time_seconds_total"));
        // System.Net.Http: the index channel's HTTP/2 requests.
        Assert.That(scrape.Series("http_client_request_duration_seconds_count", ("server_address", "127.0.0.1"), ("server_port", index.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Sum(s => s.Value), Is.GreaterThanOrEqualTo(2), "warm-up and the two Nexts' searches");
        // Polly: the search pipeline's executions.
        Assert.That(scrape.Series("resilience_polly_pipeline_duration_milliseconds_count", ("pipeline_name", IndexResiliencePipeline.SearchPipelineName)).Sum(s => s.Value), Is.GreaterThanOrEqualTo(2));
        Assert.That(scrape.Series("resilience_polly_pipeline_duration_milliseconds_count", ("pipeline_name", IndexResiliencePipeline.CallPipelineName)).Sum(s => s.Value), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Metrics_FailedCalls_RecordedWithTheirGrpcOrHttpStatus()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 50, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [.. ApiServer.Treatment(0, "C", "Contextual")]);

        Assert.ThrowsAsync<RpcException>(async () => await api.Client.NextAsync(new NextRequest { User = -1, Track = 3, Time = 1 }));
        Assert.ThrowsAsync<RpcException>(async () => await api.Client.LastAsync(new LastRequest { User = 1, Track = 9_999, Time = 1 }));
        Assert.That((await api.Http.PostAsJsonAsync("/next/1", new { track = 3, time = 7 })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await api.Http.PostAsJsonAsync("/last/1", new { track = 9_999, time = 1 })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await api.Http.PostAsync("/next/abc", JsonContent.Create(new { track = 3, time = 1 }))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await api.Http.PostAsync("/next/1", new StringContent("track=3", Encoding.UTF8, "application/x-www-form-urlencoded"))).StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That((await api.Http.GetAsync("/track/abc")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var scrape = PrometheusText.Parse(await api.Http.GetStringAsync("/metrics"));

        Assert.That(scrape.Value(Duration + "_count", [.. Grpc, ("rpc_method", "Next"), ("rpc_grpc_status_code", "3")]), Is.EqualTo(1), "INVALID_ARGUMENT");
        Assert.That(scrape.Value(Duration + "_count", [.. Grpc, ("rpc_method", "Last"), ("rpc_grpc_status_code", "5")]), Is.EqualTo(1), "NOT_FOUND");
        Assert.That(scrape.Value(Duration + "_count", ("http_route", "/next/{user}"), ("http_response_status_code", "400")), Is.EqualTo(2), "a bad time (the service's refusal) and a bad user id (the front door's)");
        Assert.That(scrape.Value(Duration + "_count", ("http_route", "/next/{user}"), ("http_response_status_code", "415")), Is.EqualTo(1));
        Assert.That(scrape.Value(Duration + "_count", ("http_route", "/last/{user}"), ("http_response_status_code", "404")), Is.EqualTo(1));
        Assert.That(scrape.Value(Duration + "_count", ("http_route", "/track/{track}"), ("http_response_status_code", "400")), Is.EqualTo(1));
        Assert.That(scrape.Series(Duration + "_count").Where(s => s.Labels.ContainsKey("botify_treatment")), Is.Empty, "refused before a treatment was assigned");
        Assert.That(scrape.Value("botify_api_rejected_total", ("error_type", "invalid-argument")), Is.EqualTo(2));
        Assert.That(scrape.Value("botify_api_rejected_total", ("error_type", "not-found")), Is.EqualTo(2));
    }

    [Test]
    public async Task Metrics_IndexFailing_PollyCountsRetriesAndTheBreakerOpeningAndTheGaugeSaysOpen()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 50, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual"),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
            "--Index:BreakerMinimumThroughput=2",
            "--Index:BreakerBreakDuration=00:00:30",
        ]);
        // Lone Search calls (no SearchBatch), each failing UNAVAILABLE: failed calls are what the breaker counts.
        index.SupportsBatch = false;
        index.Answer = _ => throw new RpcException(new Status(StatusCode.Unavailable, "index down"));

        for (var user = 0; user < 4; user++)
        {
            Assert.That((await api.Client.NextAsync(new NextRequest { User = user, Track = 3, Time = 1 })).Source, Does.StartWith("fallback:"));
        }

        var scrape = PrometheusText.Parse(await api.Http.GetStringAsync("/metrics"));

        Assert.That(scrape.Types[PollyEvents], Is.EqualTo("counter"));
        Assert.That(scrape.Value(PollyEvents, ("event_name", "OnCircuitOpened"), ("pipeline_name", IndexResiliencePipeline.CallPipelineName), ("strategy_name", IndexResiliencePipeline.BreakerName)), Is.EqualTo(1));
        Assert.That(scrape.Series(PollyEvents, ("event_name", "OnRetry"), ("pipeline_name", IndexResiliencePipeline.SearchPipelineName)).Sum(s => s.Value), Is.GreaterThanOrEqualTo(1), "a transient status is retried once");
        Assert.That(scrape.Series(PollyEvents, ("event_name", "OnCircuitClosed")), Is.Empty);
        Assert.That(scrape.Value("botify_api_index_circuit_state"), Is.EqualTo(1), "open");
        Assert.That(scrape.Value("botify_api_fallbacks_total", ("reason", FallbackReasons.CircuitOpen)), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Metrics_RedisSessionStore_LabelsSessionStoreLatencyRedisAndListsTheClientsCounters()
    {
        using var redis = await RedisServer.StartAsync();
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 200, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual"),
            .. ApiServer.Treatment(1, "T1", "Contextual"),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
            "--Sessions:Store=Redis",
            $"--Sessions:RedisConfiguration={redis.Configuration}",
        ]);

        await api.Client.NextAsync(new NextRequest { User = 1, Track = 0, Time = 1 });
        await api.Client.NextAsync(new NextRequest { User = 1, Track = 1, Time = 1 });
        await api.Client.LastAsync(new LastRequest { User = 1, Track = 2, Time = 1 });
        var scrape = PrometheusText.Parse(await api.Http.GetStringAsync("/metrics"));

        Assert.That(scrape.Series(SessionStore + "_count", ("store", "redis"), ("operation", "update")).Sum(s => s.Value), Is.EqualTo(2), "failed calls (a cold first call may miss its 50 ms deadline) carry error.type");
        Assert.That(scrape.Series(SessionStore + "_count", ("store", "redis"), ("operation", "reset")).Sum(s => s.Value), Is.EqualTo(1));
        Assert.That(scrape.Series(SessionStore + "_sum", ("store", "redis"), ("operation", "update")).Sum(s => s.Value), Is.GreaterThan(0), "a Redis round trip takes time");
        Assert.That(scrape.Series(SessionStore + "_count", ("store", "memory")), Is.Empty);
        Assert.That(scrape.Value("botify_api_session_store_redis_connected"), Is.EqualTo(1));
        Assert.That(scrape.Value("botify_api_session_store_redis_operations_total"), Is.GreaterThanOrEqualTo(5), "two reads and writes, one delete");
        Assert.That(scrape.Value("botify_api_session_store_redis_outstanding"), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task Metrics_RedisDown_SessionStoreFailuresCarryErrorTypeAndTheClientIsNotConnected()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 50, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual"),
            "--Sessions:Store=Redis",
            $"--Sessions:RedisConfiguration=127.0.0.1:{LoopbackPort.Free()}",
        ]);

        await api.Client.NextAsync(new NextRequest { User = 1, Track = 0, Time = 1 });
        var scrape = PrometheusText.Parse(await api.Http.GetStringAsync("/metrics"));

        var failed = scrape.Series(SessionStore + "_count", ("store", "redis"), ("operation", "update")).Single();
        Assert.That(failed.Labels["error_type"], Does.Contain("Exception"), "the exception's type names the failure");
        Assert.That(failed.Value, Is.EqualTo(1));
        Assert.That(scrape.Value("botify_api_session_store_redis_connected"), Is.Zero);
    }

    [Test]
    public async Task Metrics_BeforeAnyCall_ListsCircuitAndEventLogGauges()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 50, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [.. ApiServer.Treatment(0, "C", "Contextual")]);

        var scrape = PrometheusText.Parse(await api.Http.GetStringAsync("/metrics"));

        Assert.That(scrape.Value("botify_api_index_circuit_state"), Is.Zero);
        Assert.That(scrape.Value("botify_api_events_queued"), Is.Zero);
        Assert.That(scrape.Series(Duration + "_count"), Is.Empty, "no request yet");
    }
}
