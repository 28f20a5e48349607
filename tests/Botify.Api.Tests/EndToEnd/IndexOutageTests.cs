using System.Diagnostics;
using Botify.Api.IndexClient;
using Botify.Api.Telemetry;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Botify.Shared.Models;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>API → real index end to end: contextual answers, cold start, the index going away and coming back.</summary>
[Category("Integration")]
public sealed class IndexOutageTests
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(1);
    private TempFolder _folder = null!;
    private string _catalog = null!;
    private string _bundle = null!;

    [OneTimeSetUp]
    public void CreateModel()
    {
        _folder = new TempFolder();
        _catalog = TestCatalogs.Write(_folder, tracks: 2000, tracksPerArtist: 10);
        _bundle = _folder.File("bundle");
        RandomModelGenerator.Generate(tracks: 2000, users: 100, dimension: 16, seed: 7).Save(_bundle);
    }

    [OneTimeTearDown]
    public void DeleteModel() => _folder.Dispose();

    [Test]
    public async Task Next_IndexStoppedThenRestarted_EveryCallAnsweredAndContextualResumesWithinBreakDuration()
    {
        await using var index = new IndexHost(LoopbackPort.Free(), _bundle);
        await index.StartAsync();
        using var apiFolder = new TempFolder();
        await using var api = await ApiServer.StartAsync(_catalog, index.Address, apiFolder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "ContextualUser"),
            "--Index:AttemptTimeout=00:00:00.500",
            "--Index:TotalTimeout=00:00:01",
            "--Index:BreakerMinimumThroughput=5",
            $"--Index:BreakerBreakDuration={BreakDuration}",
        ]);
        var metrics = api.Services.GetRequiredService<ApiMetrics>();

        var before = await NextMany(api, 20, user: 1);
        Assert.That(before, Is.All.EqualTo("contextual").Or.EqualTo("contextual-user"), "the index is up");

        await index.StopAsync();
        var during = await NextMany(api, 40, user: 2);
        Assert.That(during, Is.All.StartsWith("fallback:"), "every call answered by the fallback while the index is down");
        Assert.That(metrics.CircuitState, Is.EqualTo(CircuitState.Open));
        Assert.That(metrics.Count("botify_api_fallbacks_total", FallbackReasons.CircuitOpen), Is.GreaterThan(0));

        await index.StartAsync();
        var restarted = Stopwatch.StartNew();
        string source;
        do
        {
            await Task.Delay(25);
            source = (await api.Client.NextAsync(new NextRequest { User = 3, Track = 5, Time = 1 })).Source;
        }
        while (source.StartsWith("fallback:", StringComparison.Ordinal) && restarted.Elapsed < TimeSpan.FromSeconds(10));

        TestContext.Out.WriteLine($"contextual answers resumed {restarted.ElapsedMilliseconds} ms after the index restarted (break duration {BreakDuration.TotalMilliseconds} ms)");
        Assert.That(source, Is.EqualTo("contextual").Or.EqualTo("contextual-user"));
        Assert.That(restarted.Elapsed, Is.LessThan(BreakDuration + TimeSpan.FromMilliseconds(500)), "within the breaker's break duration (plus one probe round trip)");
        Assert.That(metrics.CircuitState, Is.EqualTo(CircuitState.Closed));
    }

    [Test]
    public async Task Next_IndexInColdStart_FallsBackWithNoModelReason()
    {
        await using var index = new IndexHost(LoopbackPort.Free(), bundlePath: null);
        await index.StartAsync();
        using var apiFolder = new TempFolder();
        await using var api = await ApiServer.StartAsync(_catalog, index.Address, apiFolder, [
            .. ApiServer.Treatment(0, "C", "Contextual"),
            .. ApiServer.Treatment(1, "T1", "Contextual"),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);

        var sources = await NextMany(api, 5, user: 4);

        Assert.That(sources, Is.All.StartsWith("fallback:"));
        Assert.That(api.Services.GetRequiredService<ApiMetrics>().Count("botify_api_fallbacks_total", FallbackReasons.NoModel), Is.EqualTo(5));
        var events = await api.StopAndReadEventsAsync();
        Assert.That(events.Select(e => e.Source), Is.All.StartsWith("fallback:"), "the event says which path served");
    }

    private static async Task<List<string>> NextMany(ApiServer api, int count, int user)
    {
        var sources = new List<string>();
        var track = 5;
        for (var i = 0; i < count; i++)
        {
            var reply = await api.Client.NextAsync(new NextRequest { User = user, Track = track, Time = 1 });
            sources.Add(reply.Source);
            track = reply.Track;
        }

        return sources;
    }
}
