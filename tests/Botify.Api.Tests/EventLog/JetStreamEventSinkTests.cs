using Botify.Api.EventLog;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Botify.Api.Tests.EventLog;

/// <summary>The JetStream sink against a real nats-server: every accepted event stored once, in each listener's order, across outages.</summary>
[Category("Integration")]
public sealed class JetStreamEventSinkTests
{
    [Test]
    public async Task AppendAsync_ConcurrentProducers_EveryEventStoredOnceInEachListenersOrder()
    {
        using var nats = await NatsServer.CreateAsync();
        await using var sink = Sink(nats, batchSize: 64);
        await sink.StartAsync(default);
        const int producers = 8, perProducer = 600;

        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                await sink.AppendAsync(Event(p, i), default);
            }
        })));
        await sink.StopAsync(default);

        var read = await EventStreamReader.ReadAsync(Source(nats));
        Assert.Multiple(() =>
        {
            Assert.That(read.Events, Has.Count.EqualTo(producers * perProducer));
            Assert.That(read.Duplicates, Is.Zero, "no event stored twice");
            Assert.That(read.Messages, Is.EqualTo(sink.Messages), "every acknowledged message read once");
            Assert.That(read.Messages, Is.LessThan(producers * perProducer / 4), "events packed several to a message");
            Assert.That(read.Events.Select(e => e.Id).Distinct().Count(), Is.EqualTo(producers * perProducer), "ids are unique");
            foreach (var listener in read.Events.GroupBy(e => e.User))
            {
                Assert.That(listener.Select(e => e.Track), Is.Ordered, $"listener {listener.Key}'s events in the order they were sent");
            }

            Assert.That(sink.Written, Is.EqualTo(producers * perProducer));
            Assert.That(sink.Dropped, Is.Zero);
        });
    }

    [Test]
    public async Task AppendAsync_OneEventPerMessage_EachEventIsItsOwnMessageUnderItsId()
    {
        using var nats = await NatsServer.CreateAsync();
        await using var sink = Sink(nats, batchSize: 64, eventsPerMessage: 1);
        await sink.StartAsync(default);
        for (var i = 0; i < 300; i++)
        {
            await sink.AppendAsync(Event(i % 9, i), default);
        }

        await sink.StopAsync(default);
        var read = await EventStreamReader.ReadAsync(Source(nats));
        Assert.Multiple(() =>
        {
            Assert.That(read.Events, Has.Count.EqualTo(300));
            Assert.That(read.Messages, Is.EqualTo(300));
            Assert.That(sink.Messages, Is.EqualTo(300));
        });
    }

    [Test]
    public async Task AppendAsync_ServerWithASmallPayloadLimit_MessagesFitItAndAnEventOverItIsDroppedNotRetried()
    {
        using var nats = await NatsServer.CreateAsync(config: "max_payload: 2048\n");
        var log = new CapturedLog();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(log));
        await using var sink = Sink(nats, batchSize: 64, logger: logging.CreateLogger<JetStreamEventSink>());
        await sink.StartAsync(default);
        var huge = Event(3, 10_000) with { Experiments = Enumerable.Range(0, 100).ToDictionary(i => $"EXPERIMENT_{i}", _ => "TREATMENT") };
        for (var i = 0; i < 300; i++)
        {
            await sink.AppendAsync(i == 150 ? huge : Event(i % 9, i), default);
        }

        await sink.StopAsync(default).WaitAsync(TimeSpan.FromSeconds(30));
        var read = await EventStreamReader.ReadAsync(Source(nats));
        Assert.Multiple(() =>
        {
            Assert.That(read.Events, Has.Count.EqualTo(299), "every event but the one too large for any message");
            Assert.That(read.Events.Select(e => e.Track), Does.Not.Contain(10_000));
            Assert.That(sink.Dropped, Is.EqualTo(1));
            Assert.That(sink.Retries, Is.Zero, "a message the server would refuse is never sent");
            Assert.That(read.Messages, Is.GreaterThan(300 / 10), "messages cut to the server's 2 KiB");
            Assert.That(log.Entries.Select(e => e.Message), Has.Some.Contains("max_payload").And.Some.Contains("listener 3"));
        });
    }

    [Test]
    public async Task StartAsync_ServerDownAtStart_EventsHeldAndPublishedWhenItComes()
    {
        using var nats = await NatsServer.CreateAsync(start: false);
        await using var sink = Sink(nats, batchSize: 32);
        await sink.StartAsync(default);
        for (var i = 0; i < 500; i++)
        {
            await sink.AppendAsync(Event(i % 7, i), default);
        }

        await Task.Delay(500);
        Assert.That(sink.Queued, Is.EqualTo(500), "held while the server is down");

        await nats.StartAgainAsync();
        await Eventually.HoldsAsync(() => sink.Written == 500, "the backlog to reach the stream once the server is up", TimeSpan.FromSeconds(20));
        await sink.StopAsync(default);

        var read = await EventStreamReader.ReadAsync(Source(nats));
        Assert.That(read.Events, Has.Count.EqualTo(500));
    }

    [Test]
    public async Task AppendAsync_ServerKilledAndRestarted_NothingLostNothingDuplicated()
    {
        using var nats = await NatsServer.CreateAsync();
        var log = new CapturedLog();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(log));
        await using var sink = Sink(nats, batchSize: 64, logger: logging.CreateLogger<JetStreamEventSink>());
        await sink.StartAsync(default);
        var sent = 0;
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await sink.AppendAsync(Event(sent % 50, sent), default);
                sent++;
                await Task.Delay(1);
            }
        });

        await Eventually.HoldsAsync(() => sink.Written > 100, "the first events to be stored", TimeSpan.FromSeconds(20));
        nats.Kill();
        await Task.Delay(2_000);
        await nats.StartAgainAsync();
        await Task.Delay(700);
        await stop.CancelAsync();
        await producer;
        await sink.StopAsync(default);

        var read = await EventStreamReader.ReadAsync(Source(nats));
        TestContext.Out.WriteLine($"sent {sent}, stored {read.Messages}, retries {sink.Retries}, duplicates discarded {sink.Duplicates}");
        foreach (var entry in log.Entries)
        {
            TestContext.Out.WriteLine($"{entry.Level} {entry.Message} {entry.Exception?.GetType().Name} {entry.Exception?.Message}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(sink.Dropped, Is.Zero);
            Assert.That(read.Events, Has.Count.EqualTo(sent), "every event arrives after the restart");
            Assert.That(read.Duplicates, Is.Zero, "the stream stored no retry twice");
            Assert.That(sink.Retries, Is.Positive, "the outage was seen");
        });
    }

    [Test]
    public async Task AppendAsync_BacklogFullWhileDown_DropsNewEventsAndCountsThem()
    {
        using var nats = await NatsServer.CreateAsync(start: false);
        var log = new CapturedLog();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(log));
        await using var sink = Sink(nats, batchSize: 8, backlog: 100, logger: logging.CreateLogger<JetStreamEventSink>());
        await sink.StartAsync(default);
        for (var i = 0; i < 150; i++)
        {
            await sink.AppendAsync(Event(1, i), default);
        }

        Assert.Multiple(() =>
        {
            Assert.That(sink.Accepted, Is.EqualTo(150));
            Assert.That(sink.Dropped, Is.InRange(42, 50), "the backlog holds 100 (a batch of up to 8 may be out of it)");
            Assert.That(log.Entries.Select(e => e.Message), Has.Some.Contains("backlog full"));
        });
    }

    [Test]
    public async Task StopAsync_ServerDownPastTheDrainTimeout_CountsWhatIsLeftAsDropped()
    {
        using var nats = await NatsServer.CreateAsync(start: false);
        await using var sink = Sink(nats, batchSize: 8, drain: TimeSpan.FromMilliseconds(300));
        await sink.StartAsync(default);
        for (var i = 0; i < 40; i++)
        {
            await sink.AppendAsync(Event(1, i), default);
        }

        await sink.StopAsync(default).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(sink.Dropped, Is.EqualTo(40));
        Assert.That(async () => await sink.AppendAsync(Event(1, 41), default), Throws.InstanceOf<System.Threading.Channels.ChannelClosedException>());
    }

    [Test]
    public async Task AppendAsync_StreamsManagedByHand_EachListenerOnTheStreamOfItsPartition()
    {
        using var nats = await NatsServer.CreateAsync();
        var layout = new EventStreamLayout();
        await using (var connection = new NATS.Client.Core.NatsConnection(new NATS.Client.Core.NatsOpts { Url = nats.Url }))
        {
            // Two streams, each over half of the partition subjects: how the stream is sharded past one stream's rate.
            var js = new NATS.Client.JetStream.NatsJSContext(connection);
            foreach (var (name, partitions) in new[] { ("EVENTS_LOW", Enumerable.Range(0, 8)), ("EVENTS_HIGH", Enumerable.Range(8, 8)) })
            {
                await js.CreateStreamAsync(new NATS.Client.JetStream.Models.StreamConfig(name, [.. partitions.Select(layout.SubjectOf)]));
            }
        }

        await using var sink = Sink(nats, batchSize: 64, createStream: false);
        await sink.StartAsync(default);
        for (var i = 0; i < 2_000; i++)
        {
            await sink.AppendAsync(Event(i % 100, i), default);
        }

        await sink.StopAsync(default);
        var low = await EventStreamReader.ReadAsync(new EventStreamSource(nats.Url, layout with { Stream = "EVENTS_LOW" }));
        var high = await EventStreamReader.ReadAsync(new EventStreamSource(nats.Url, layout with { Stream = "EVENTS_HIGH" }));
        Assert.Multiple(() =>
        {
            Assert.That(low.Events.Count + high.Events.Count, Is.EqualTo(2_000));
            Assert.That(low.Events, Is.Not.Empty);
            Assert.That(high.Events, Is.Not.Empty);
            Assert.That(low.Events.Select(e => e.User).Intersect(high.Events.Select(e => e.User)), Is.Empty, "a listener's events are all on one stream");
            Assert.That(low.Events.Select(e => layout.PartitionOf(e.User)), Is.All.LessThan(8));
        });
    }

    internal static EventStreamSource Source(NatsServer nats) => new(nats.Url, new EventStreamLayout());

    private static JetStreamEventSink Sink(NatsServer nats, int batchSize, int backlog = 100_000, TimeSpan? drain = null, ILogger<JetStreamEventSink>? logger = null, bool createStream = true, int eventsPerMessage = 64) =>
        new(Options.Create(new JetStreamSinkOptions
        {
            Url = nats.Url,
            BatchSize = batchSize,
            EventsPerMessage = eventsPerMessage,
            Backlog = backlog,
            AckTimeout = TimeSpan.FromSeconds(1),
            DrainTimeout = drain ?? TimeSpan.FromSeconds(20),
            CreateStream = createStream,
        }),
            Options.Create(new EventLogOptions()),
            logger ?? NullLogger<JetStreamEventSink>.Instance,
            TimeProvider.System);

    private static ListenerEvent Event(int user, int track) =>
        new("next", 1_700_000_000_000 + track, user, track, 0.5, 0.001, track + 1, new Dictionary<string, string> { ["E"] = "C" }, "contextual");
}
