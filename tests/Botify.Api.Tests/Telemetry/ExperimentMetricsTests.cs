using Botify.Api.IndexClient;
using Botify.Api.Tests.EndToEnd;
using Botify.Protos.V1;
using Grpc.Core;

namespace Botify.Api.Tests.Telemetry;

/// <summary>
/// The live experiment view: every session <c>Last</c> ends is recorded per experiment and treatment (its time and
/// tracks, as the event log's analysis counts them), and every <c>Next</c> reply per treatment, source and fallback reason.
/// </summary>
[Category("Integration")]
public sealed class ExperimentMetricsTests
{
    private const string SessionTime = "botify_api_session_time";
    private const string SessionTracks = "botify_api_session_tracks";
    private const string PerTreatment = "botify_api_treatment_recommendations_total";

    [Test]
    public async Task Last_EndedSessions_HistogramsPerTreatmentAgreeWithTheEventLog()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        await using var api = await StartTwoArmsAsync(folder, index);

        // Listeners 0..11 fall in both treatments; listener u plays u % 4 + 1 tracks after the first, then ends.
        for (var user = 0; user < 12; user++)
        {
            var reply = await api.Client.NextAsync(new NextRequest { User = user, Track = 3, Time = 1 });
            for (var play = 0; play < user % 4; play++)
            {
                reply = await api.Client.NextAsync(new NextRequest { User = user, Track = reply.Track, Time = 0.25f * play });
            }

            await api.Client.LastAsync(new LastRequest { User = user, Track = reply.Track, Time = 0.5f });
        }

        // A Last with no session before it ends nothing.
        await api.Client.LastAsync(new LastRequest { User = 99, Track = 4, Time = 0.5f });
        var scrape = PrometheusText.Parse(await api.Http.GetStringAsync("/metrics"));
        var events = await api.StopAndReadEventsAsync();

        Assert.That(scrape.Types[SessionTime], Is.EqualTo("histogram"));
        Assert.That(scrape.Types[SessionTracks], Is.EqualTo("histogram"));
        foreach (var treatment in new[] { "C", "T1" })
        {
            var mine = events.Where(e => e.Experiments["RECOMMENDERS"] == treatment && e.User != 99).ToList();
            var labels = new[] { ("botify_experiment", "RECOMMENDERS"), ("botify_treatment", treatment) };
            Assert.That(scrape.Value(SessionTime + "_count", labels), Is.EqualTo(mine.Count(e => e.IsLast)), $"{treatment}: one session per Last");
            Assert.That(scrape.Value(SessionTime + "_sum", labels), Is.EqualTo(mine.Sum(e => e.Time)).Within(1e-6), $"{treatment}: session time is the sum of its events' time, as the analysis counts it");
            Assert.That(scrape.Value(SessionTracks + "_sum", labels), Is.EqualTo(mine.Count), $"{treatment}: tracks are the session's calls, Last included");
        }

        Assert.That(scrape.Series(SessionTime + "_bucket", ("botify_treatment", "C")).Select(s => s.Labels["le"]), Does.Contain("1").And.Contain("100").And.Contain("+Inf"), "buckets from one track to a hundred and more");
        Assert.That(scrape.Series(SessionTime + "_count").Sum(s => s.Value), Is.EqualTo(12), "listener 99's Last had no session");
    }

    [Test]
    public async Task Next_PerTreatmentSources_AddUpToTheSourceCounterAndCarryTheFallbackReason()
    {
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        await using var api = await StartTwoArmsAsync(folder, index);

        var sources = new List<(string Treatment, string Source)>();
        for (var user = 0; user < 12; user++)
        {
            var reply = await api.Client.NextAsync(new NextRequest { User = user, Track = 3, Time = 1 });
            sources.Add((reply.Treatment, reply.Source));
        }

        index.Answer = _ => throw new RpcException(new Status(StatusCode.FailedPrecondition, "no model"));
        for (var user = 20; user < 26; user++)
        {
            var reply = await api.Client.NextAsync(new NextRequest { User = user, Track = 3, Time = 1 });
            sources.Add((reply.Treatment, reply.Source));
        }

        var scrape = PrometheusText.Parse(await api.Http.GetStringAsync("/metrics"));

        Assert.That(scrape.Types[PerTreatment], Is.EqualTo("counter"));
        foreach (var group in sources.GroupBy(s => s))
        {
            var labels = new[] { ("botify_experiment", "RECOMMENDERS"), ("botify_treatment", group.Key.Treatment), ("source", group.Key.Source) };
            Assert.That(scrape.Series(PerTreatment, labels).Sum(s => s.Value), Is.EqualTo(group.Count()), $"{group.Key}");
        }

        foreach (var source in sources.Select(s => s.Source).Distinct())
        {
            Assert.That(scrape.Series(PerTreatment, ("source", source)).Sum(s => s.Value), Is.EqualTo(scrape.Value("botify_api_recommendations_total", ("source", source))), $"{source}: the treatments add up to the source counter");
        }

        var fallbacks = scrape.Series(PerTreatment).Where(s => s.Labels["source"].StartsWith("fallback:", StringComparison.Ordinal)).ToList();
        Assert.That(fallbacks, Is.Not.Empty);
        Assert.That(fallbacks, Has.All.Matches<PrometheusSample>(s => s.Labels.GetValueOrDefault("reason") == FallbackReasons.NoModel), "a fallback carries its reason");
        Assert.That(fallbacks.Sum(s => s.Value), Is.EqualTo(scrape.Value("botify_api_fallbacks_total", ("reason", FallbackReasons.NoModel))));
        Assert.That(scrape.Series(PerTreatment, ("source", "contextual")).Select(s => s.Labels.ContainsKey("reason")), Has.All.False, "no reason on a reply that did not fall back");
    }

    /// <summary>An API with two contextual arms, C and T1, and deadlines no test machine misses.</summary>
    private static Task<ApiServer> StartTwoArmsAsync(TempFolder folder, FakeIndex index) =>
        ApiServer.StartAsync(TestCatalogs.Write(folder, tracks: 200, tracksPerArtist: 10), index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual"),
            .. ApiServer.Treatment(1, "T1", "Contextual"),
            "--Index:AttemptTimeout=00:00:05",
            "--Index:TotalTimeout=00:00:10",
        ]);
}
