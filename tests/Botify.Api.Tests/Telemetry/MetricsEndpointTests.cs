using System.Net.Http.Json;
using Botify.Api.Resilience;
using Botify.Api.Tests.Services;
using Botify.Api.Tests.Sessions;
using Botify.Protos.V1;
using Grpc.Core;

namespace Botify.Api.Tests.Telemetry;

/// <summary>
/// The API's <c>/metrics</c> (OpenTelemetry's Prometheus exporter) after a few calls through both front doors
/// lists every family operators rely on: request rate and latency per method and treatment, replies per
/// source, fallbacks per reason, the circuit, session-store latency per store and operation, the event log.
/// </summary>
[Category("Integration")]
public sealed class MetricsEndpointTests
{
    private const string Duration = "botify_api_request_duration_seconds";
    private const string SessionStore = "botify_api_session_store_duration_seconds";

    [Test]
    public async Task Metrics_AfterCallsThroughBothFrontDoors_ListsEveryFamilyWithMethodAndTreatment()
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
        var perTreatment = scrape.Series(Duration + "_count", ("method", "Next")).ToDictionary(s => s.Labels["treatment"], s => s.Value);
        Assert.That(perTreatment.Keys, Is.EquivalentTo(new[] { "C", "T1" }), "Next latency per treatment");
        Assert.That(perTreatment.Values.Sum(), Is.EqualTo(13), "every gRPC Next, the fallback included");
        Assert.That(scrape.Series(Duration + "_count", ("method", "Last")).Sum(s => s.Value), Is.EqualTo(12));
        Assert.That(scrape.Value(Duration + "_count", ("method", "GetTrack")), Is.EqualTo(1), "answered GetTrack only; the unknown track is rejected");
        Assert.That(scrape.Series(Duration + "_count", ("method", "POST /next/{user}")).Sum(s => s.Value), Is.EqualTo(1));
        Assert.That(scrape.Series(Duration + "_count", ("method", "POST /last/{user}")).Sum(s => s.Value), Is.EqualTo(1));
        Assert.That(scrape.Value(Duration + "_count", ("method", "GET /track/{track}")), Is.EqualTo(1));
        Assert.That(scrape.Series(Duration + "_bucket", ("method", "Next")).Select(s => s.Labels["le"]), Does.Contain("0.0001").And.Contain("+Inf"), "sub-millisecond buckets");

        Assert.That(scrape.Value("botify_api_requests_total", ("method", "Next")), Is.EqualTo(13));
        Assert.That(scrape.Value("botify_api_requests_total", ("method", "GetTrack")), Is.EqualTo(2), "accepted requests count the unknown track too");
        Assert.That(scrape.Value("botify_api_rejected_total", ("reason", "not-found")), Is.EqualTo(1));
        Assert.That(scrape.Value("botify_api_recommendations_total", ("source", "contextual")), Is.EqualTo(13));
        Assert.That(scrape.Value("botify_api_fallbacks_total", ("reason", FallbackReasons.NoModel)), Is.EqualTo(1));
        Assert.That(scrape.Types["botify_api_index_circuit_state"], Is.EqualTo("gauge"));
        Assert.That(scrape.Value("botify_api_index_circuit_state"), Is.Zero, "closed");
        Assert.That(scrape.Value("botify_api_index_circuit_openings_total"), Is.Zero);

        Assert.That(scrape.Types[SessionStore], Is.EqualTo("histogram"));
        Assert.That(scrape.Value(SessionStore + "_count", ("store", "memory"), ("operation", "update")), Is.EqualTo(14), "one session update per Next, both front doors");
        Assert.That(scrape.Value(SessionStore + "_count", ("store", "memory"), ("operation", "reset")), Is.EqualTo(13), "one reset per Last");
        Assert.That(scrape.Series(SessionStore + "_bucket", ("operation", "update")).Select(s => s.Labels["le"]), Does.Contain("1E-06").Or.Contain("1e-06"), "microsecond buckets for the memory store");

        Assert.That(scrape.Types["botify_api_events_queued"], Is.EqualTo("gauge"));
        Assert.That(scrape.Value("botify_api_events_queued"), Is.GreaterThanOrEqualTo(0));
        Assert.That(scrape.Value("botify_api_events_accepted_total"), Is.EqualTo(27), "one event per answered Next (14) and Last (13)");
        Assert.That(scrape.Series("botify_api_events_written_total"), Is.Not.Empty);
        Assert.That(scrape.Series("botify_api_event_files_total"), Is.Not.Empty);
    }

    [Test]
    public async Task Metrics_RedisSessionStore_LabelsSessionStoreLatencyRedis()
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

        Assert.That(scrape.Value(SessionStore + "_count", ("store", "redis"), ("operation", "update")), Is.EqualTo(2));
        Assert.That(scrape.Value(SessionStore + "_count", ("store", "redis"), ("operation", "reset")), Is.EqualTo(1));
        Assert.That(scrape.Value(SessionStore + "_sum", ("store", "redis"), ("operation", "update")), Is.GreaterThan(0), "a Redis round trip takes time");
        Assert.That(scrape.Series(SessionStore + "_count", ("store", "memory")), Is.Empty);
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
