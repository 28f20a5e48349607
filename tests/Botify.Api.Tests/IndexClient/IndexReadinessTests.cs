using System.Net;
using Botify.Api.IndexClient;
using Botify.Api.Telemetry;
using Botify.Api.Tests.EndToEnd;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Botify.Api.Tests.IndexClient;

/// <summary>
/// The API notices a wrong index (HTTP/1.1 only on its port, or no
/// TrackIndex service) — an error naming the address, rate-limited, readiness Degraded, a metric by
/// <c>error.type</c> — and reports ready only after its index client has warmed up, or after
/// <c>Index:ReadyTimeout</c>.
/// </summary>
[Category("Integration")]
public sealed class IndexReadinessTests
{
    private TempFolder _folder = null!;
    private string _catalog = null!;

    [OneTimeSetUp]
    public void WriteCatalog()
    {
        _folder = new TempFolder();
        _catalog = TestCatalogs.Write(_folder, tracks: 200, tracksPerArtist: 10);
    }

    [OneTimeTearDown]
    public void DeleteCatalog() => _folder.Dispose();

    [Test]
    public async Task Readiness_LiveIndex_HealthyAfterWarmUpAndFirstCallsAreNotFallbacks()
    {
        await using var index = await FakeIndex.StartAsync();
        using var apiFolder = new TempFolder();
        var log = new CapturedLog();
        // The default 50 ms attempt and 120 ms total timeouts: the first calls must not pay the connection or the JIT.
        await using var api = await ApiServer.StartAsync(_catalog, index.Address, apiFolder, b => b.Logging.AddProvider(log), [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "Contextual", fatigue: false),
            "--Logging:LogLevel:Botify.Api.IndexClient=Information",
        ]);

        Assert.That(await api.Http.GetStringAsync("/healthz"), Is.EqualTo("Healthy"));
        Assert.That((await api.Health.CheckAsync(new HealthCheckRequest())).Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
        Assert.That(log.Entries.Select(e => e.Id.Id), Does.Contain(61), "the warm-up is logged");
        var sources = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            sources.Add((await api.Client.NextAsync(new NextRequest { User = i, Track = i * 5, Time = 0.9f })).Source);
        }

        Assert.That(sources, Has.None.StartsWith("fallback:"), "the first 20 calls after readiness are answered by the index");
    }

    [Test]
    public async Task Readiness_IndexDown_NotReadyWhileWarmingThenDegradedAfterReadyTimeout()
    {
        var log = new CapturedLog();
        var grpcPort = LoopbackPort.Free();
        var httpPort = LoopbackPort.Free();
        using var apiFolder = new TempFolder();
        var down = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var app = ApiApp.Build([
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            "--Kestrel:Endpoints:Http:Protocols=Http1",
            "--Logging:LogLevel:Default=Warning",
            $"--Api:CatalogPath={_catalog}",
            $"--Index:Address={down}",
            "--Index:ReadyTimeout=00:00:02",
            $"--EventLog:Folder={apiFolder.File("events")}",
            "--Experiment:Name=RECOMMENDERS",
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
        ], b =>
        {
            ServiceHost.WithoutSettingsFiles(b);
            b.Logging.AddProvider(log);
        });
        await using var _ = app;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        await app.StartAsync();

        var warming = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.That(warming.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await warming.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"), "not ready while the warm-up runs");

        await app.Services.GetRequiredService<IndexConnectionState>().Ready.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)), Is.EqualTo("Degraded"), "ready after Index:ReadyTimeout, the index not answering");
        var timedOut = log.Entries.Single(e => e.Id.Id == 62);
        Assert.That(timedOut.Message, Does.Contain(down));
        await app.StopAsync();
    }

    [Test]
    public async Task Readiness_IndexPortSpeaksOnlyHttp1_DegradedWithOneErrorAndWrongProtocolMetric()
    {
        await using var http1 = await Http1OnlyAsync();
        await AssertWrongIndexAsync(http1.Urls.Single(), IndexConnectionState.WrongProtocol);
    }

    [Test]
    public async Task Readiness_IndexWithoutTrackIndexService_DegradedWithOneErrorAndUnimplementedMetric()
    {
        await using var empty = await GrpcWithoutIndexAsync();
        await AssertWrongIndexAsync(empty.Urls.Single(), IndexConnectionState.Unimplemented);
    }

    private async Task AssertWrongIndexAsync(string address, string errorType)
    {
        using var apiFolder = new TempFolder();
        var log = new CapturedLog();
        await using var api = await ApiServer.StartAsync(_catalog, address, apiFolder, b => b.Logging.AddProvider(log), [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "Contextual", fatigue: false),
            "--Index:AttemptTimeout=00:00:01",
            "--Index:TotalTimeout=00:00:02",
            "--Index:ReadyTimeout=00:00:20",
        ]);

        for (var i = 0; i < 30; i++)
        {
            var reply = await api.Client.NextAsync(new NextRequest { User = i, Track = i, Time = 0.9f });
            Assert.That(reply.Source, Does.StartWith("fallback:"), "a wrong index never fails a call");
        }

        var metrics = api.Services.GetRequiredService<ApiMetrics>();
        var errors = log.Entries.Where(e => e.Level == LogLevel.Error && e.Id.Id == 60).ToList();
        Assert.That(await api.Http.GetStringAsync("/healthz"), Is.EqualTo("Degraded"));
        Assert.That((await api.Health.CheckAsync(new HealthCheckRequest())).Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving), "Degraded keeps the replica in rotation");
        Assert.That(errors, Has.Count.EqualTo(1), "one error, not one per call");
        Assert.That(errors[0].Message, Does.Contain(address.TrimEnd('/')).And.Contain(errorType));
        Assert.That(metrics.Count("botify_api_index_protocol_errors_total", errorType), Is.GreaterThan(0));
        var scrape = await api.Http.GetStringAsync("/metrics");
        Assert.That(scrape.Split('\n').Where(l => l.StartsWith("botify_api_index_protocol_errors_total{", StringComparison.Ordinal)), Has.Some.Contains($"error_type=\"{errorType}\""));
    }

    private static async Task<WebApplication> Http1OnlyAsync()
    {
        var builder = WebApplication.CreateBuilder();
        ServiceHost.WithoutSettingsFiles(builder);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{LoopbackPort.Free()}");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.MapGet("/", () => "not an index");
        await app.StartAsync();
        return app;
    }

    private static async Task<WebApplication> GrpcWithoutIndexAsync()
    {
        var builder = WebApplication.CreateBuilder();
        ServiceHost.WithoutSettingsFiles(builder);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{LoopbackPort.Free()}");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        var app = builder.Build();
        app.MapGrpcHealthChecksService();
        await app.StartAsync();
        return app;
    }
}
