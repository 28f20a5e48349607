using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Botify.Protos.V1;
using Botify.Shared.Hosting;
using Botify.Shared.Models;

namespace Botify.Api.Tests.EndToEnd;

/// <summary>Every accepted request is in the event log after a graceful stop; plus a throughput figure for the report.</summary>
[Category("Integration")]
public sealed class GracefulStopTests
{
    [Test]
    public async Task Stop_AfterConcurrentRequests_ExactlyOneEventPerAcceptedRequest()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 500, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "Contextual"),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
            // A tiny queue, so back-pressure is exercised while requests run.
            "--EventLog:Capacity=8",
            "--EventLog:MaxFileBytes=16384",
        ]);
        const int grpcNext = 400, jsonNext = 100, lasts = 100;
        var replies = new ConcurrentDictionary<int, int>();

        var calls = Enumerable.Range(0, grpcNext).Select(async user =>
            {
                var reply = await api.Client.NextAsync(new NextRequest { User = user, Track = user % 500, Time = 0.5f });
                replies[user] = reply.Track;
            })
            .Concat(Enumerable.Range(grpcNext, jsonNext).Select(async user =>
            {
                var response = await api.Http.PostAsJsonAsync($"/next/{user}", new { track = user % 500, time = 0.25 });
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                replies[user] = json.RootElement.GetProperty("track").GetInt32();
            }))
            .Concat(Enumerable.Range(10_000, lasts).Select(async user =>
                await api.Client.LastAsync(new LastRequest { User = user, Track = 1, Time = 0.1f })));
        await Task.WhenAll(calls);
        var events = await api.StopAndReadEventsAsync();

        Assert.That(events, Has.Count.EqualTo(grpcNext + jsonNext + lasts));
        var nextEvents = events.Where(e => !e.IsLast).ToList();
        Assert.That(nextEvents.Select(e => e.User).Distinct().Count(), Is.EqualTo(grpcNext + jsonNext));
        Assert.That(nextEvents.All(e => replies[e.User] == e.Recommendation), Is.True, "each event records the track the listener got");
        Assert.That(events.Count(e => e.IsLast), Is.EqualTo(lasts));
        Assert.That(events.All(e => e.Experiments.ContainsKey("RECOMMENDERS")), Is.True);
        Assert.That(EventLogFiles(api), Is.GreaterThan(1), "16 KiB files rotated");
    }

    [Test]
    public async Task Next_RealIndexInProcess_ReportsThroughputAndLatency()
    {
        using var folder = new TempFolder();
        var catalog = TestCatalogs.Write(folder, tracks: 5000, tracksPerArtist: 10);
        var bundle = folder.File("bundle");
        RandomModelGenerator.Generate(tracks: 5000, users: 1000, dimension: 32, seed: 11).Save(bundle);
        await using var index = new IndexHost(LoopbackPort.Free(), bundle);
        await index.StartAsync();
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            .. ApiServer.Treatment(1, "T1", "ContextualUser"),
        ]);
        const int workers = 16, perWorker = 250;
        var latencies = new ConcurrentBag<double>();
        await NextLoop(api, 0, 20, latencies); // warm-up
        latencies.Clear();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => NextLoop(api, w, perWorker, latencies)));
        clock.Stop();

        var sorted = latencies.Order().ToArray();
        var throughput = workers * perWorker / clock.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"Next through API -> index -> fatigue, {workers} concurrent callers, {workers * perWorker} calls: {throughput:F0} requests/s, p50 {sorted[sorted.Length / 2]:F2} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F2} ms");
        Assert.That(sorted, Has.Length.EqualTo(workers * perWorker));
    }

    private static async Task NextLoop(ApiServer api, int worker, int count, ConcurrentBag<double> latencies)
    {
        var track = worker;
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var reply = await api.Client.NextAsync(new NextRequest { User = worker, Track = track, Time = i % 3 == 0 ? 0.2f : 0.9f });
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            track = reply.Track;
        }
    }

    private static int EventLogFiles(ApiServer api) => Directory.GetFiles(api.EventFolder, "*.jsonl").Length;
}
