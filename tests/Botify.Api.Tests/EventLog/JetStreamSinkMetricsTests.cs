using Botify.Api.Tests.EndToEnd;
using Botify.Protos.V1;
using Botify.Shared.Events.Stream;

namespace Botify.Api.Tests.EventLog;

/// <summary>The API on the JetStream sink (a real nats-server): it serves while the stream is down, and /metrics says what the sink holds.</summary>
[Category("Integration")]
public sealed class JetStreamSinkMetricsTests
{
    [Test]
    public async Task Api_StreamGoesDownAndComesBack_KeepsServingAndMetricsShowTheBacklog()
    {
        using var nats = await NatsServer.CreateAsync();
        using var folder = new TempFolder();
        await using var index = await FakeIndex.StartAsync();
        var catalog = TestCatalogs.Write(folder, tracks: 100, tracksPerArtist: 10);
        await using var api = await ApiServer.StartAsync(catalog, index.Address, folder, [
            .. ApiServer.Treatment(0, "C", "Contextual", fatigue: false),
            "--EventLog:Sink=JetStream",
            $"--EventLog:JetStream:Url={nats.Url}",
            "--EventLog:JetStream:AckTimeout=00:00:01",
        ]);

        await CallsAsync(api, users: 10);
        await Eventually.HoldsAsync(() => Scrape(api).Value("botify_api_events_written_total") == 10, "the first 10 events to be stored", TimeSpan.FromSeconds(20));
        var up = Scrape(api);
        Assert.That(up.Value("botify_api_events_stream_connected"), Is.EqualTo(1));
        Assert.That(up.Value("botify_api_events_dropped_total"), Is.Zero);

        nats.Kill();
        await CallsAsync(api, users: 20);
        await Eventually.HoldsAsync(() => Scrape(api).Value("botify_api_events_stream_connected") == 0, "the sink to see the server gone", TimeSpan.FromSeconds(20));
        var down = Scrape(api);
        Assert.That(down.Value("botify_api_events_accepted_total"), Is.EqualTo(30), "every call answered and its event accepted while the stream is down");
        Assert.That(down.Value("botify_api_events_queued"), Is.Positive, "held in the backlog");

        await nats.StartAgainAsync();
        await Eventually.HoldsAsync(() => Scrape(api).Value("botify_api_events_written_total") == 30, "the backlog to reach the stream", TimeSpan.FromSeconds(30));
        var read = await EventStreamReader.ReadAsync(new EventStreamSource(nats.Url, new EventStreamLayout()));
        Assert.Multiple(() =>
        {
            Assert.That(read.Events, Has.Count.EqualTo(30));
            Assert.That(read.Duplicates, Is.Zero);
            Assert.That(Scrape(api).Value("botify_api_events_dropped_total"), Is.Zero);
            Assert.That(Scrape(api).Series("botify_api_events_publish_retries_total"), Is.Not.Empty, "retries are counted (none when the client's buffer outlives a short outage)");
        });
    }

    private static async Task CallsAsync(ApiServer api, int users)
    {
        for (var user = 0; user < users; user++)
        {
            await api.Client.NextAsync(new NextRequest { User = 1_000 + user, Track = 3, Time = 0.9f });
        }
    }

    private static PrometheusText Scrape(ApiServer api) => PrometheusText.Parse(api.Http.GetStringAsync("/metrics").GetAwaiter().GetResult());
}
