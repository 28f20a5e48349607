using System.Text;
using Botify.Api.EventLog;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;

namespace Botify.Api.Tests.EventLog;

public sealed class EventPackerTests
{
    private const string Instance = "00c0ffee12345678";
    private static readonly EventStreamLayout Layout = new(Partitions: 4);

    [Test]
    public void Pack_ManyListeners_EachMessageOnePartitionInOrderAndIdOfItsFirstEvent()
    {
        using var packer = new EventPacker(Layout, Instance, eventsPerMessage: 5);
        var events = Enumerable.Range(0, 100).Select(i => Event(i % 13, i)).ToList();
        var messages = new List<StreamMessage>();

        packer.Pack(events, messages, Unexpected);

        var unpacked = messages.Select(m => (Message: m, Events: Lines(m))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(unpacked.Sum(u => u.Events.Count), Is.EqualTo(100), "every event in exactly one message");
            Assert.That(unpacked.SelectMany(u => u.Events).Select(e => e.Id), Is.EquivalentTo(events.Select(e => Id(e.Sequence))));
            Assert.That(messages.Select(m => m.Id).Distinct().Count(), Is.EqualTo(messages.Count), "message ids unique");
            foreach (var (message, inside) in unpacked)
            {
                Assert.That(inside, Has.Count.InRange(1, 5).And.Count.EqualTo(message.Events));
                Assert.That(message.Id, Is.EqualTo(inside[0].Id));
                Assert.That(inside.Select(e => Layout.SubjectOf(Layout.PartitionOf(e.User))), Is.All.EqualTo(message.Subject));
                Assert.That(message.Body.Length, Is.EqualTo(message.Length).And.LessThanOrEqualTo(message.Buffer.Length));
            }

            foreach (var listener in unpacked.SelectMany(u => u.Events).GroupBy(e => e.User))
            {
                Assert.That(listener.Select(e => e.Track), Is.Ordered, $"listener {listener.Key}'s events in order across messages");
            }
        });
    }

    [Test]
    public void Pack_OneEventPerMessage_MessageIdIsTheEventsId()
    {
        using var packer = new EventPacker(Layout, Instance, eventsPerMessage: 1);
        var events = Enumerable.Range(0, 10).Select(i => Event(i, i)).ToList();
        var messages = new List<StreamMessage>();

        packer.Pack(events, messages, Unexpected);

        Assert.That(messages.Select(m => m.Id), Is.EqualTo(events.Select(e => Id(e.Sequence))));
        Assert.That(messages.Select(m => m.Events), Is.All.EqualTo(1));
    }

    [Test]
    public void Pack_ByteLimit_NoMessageOverItAndAnEventAloneOverItRefused()
    {
        using var packer = new EventPacker(Layout, Instance, eventsPerMessage: 4096);
        packer.FitServer(serverMaxPayload: 4096);
        var experiments = Enumerable.Range(0, 10).ToDictionary(i => $"EXPERIMENT_{i}", _ => "TREATMENT");
        var events = Enumerable.Range(0, 300).Select(i => Event(0, i, experiments)).ToList();
        var huge = Event(0, 300, Enumerable.Range(0, 200).ToDictionary(i => $"EXPERIMENT_{i}", _ => "TREATMENT"));
        events.Insert(150, huge);
        var messages = new List<StreamMessage>();
        var refused = new List<(ListenerEvent Event, int Bytes)>();

        packer.Pack(events, messages, (item, bytes) => refused.Add((item, bytes)));

        Assert.Multiple(() =>
        {
            Assert.That(packer.MaxMessageBytes, Is.EqualTo(4096 - EventPacker.HeaderRoom));
            Assert.That(messages, Has.Count.GreaterThan(1));
            Assert.That(messages.Select(m => m.Body.Length), Is.All.LessThanOrEqualTo(packer.MaxMessageBytes));
            Assert.That(messages.Sum(m => m.Events), Is.EqualTo(300));
            Assert.That(refused.Select(r => r.Event), Is.EqualTo(new[] { huge.Event }));
            Assert.That(refused[0].Bytes, Is.GreaterThan(packer.MaxMessageBytes));
            Assert.That(messages.SelectMany(Lines).Select(e => e.Track), Is.Ordered, "the events around the refused one keep their order");
        });
    }

    [Test]
    public void FitServer_LargeOrUnknownLimit_KeepsTheDefault()
    {
        using var packer = new EventPacker(Layout, Instance, 8);
        packer.FitServer(serverMaxPayload: 0);
        Assert.That(packer.MaxMessageBytes, Is.EqualTo(EventPacker.DefaultMaxMessageBytes));
        packer.FitServer(serverMaxPayload: 8 * 1024 * 1024);
        Assert.That(packer.MaxMessageBytes, Is.EqualTo(EventPacker.DefaultMaxMessageBytes));
    }

    [Test]
    public void Pack_EventWithAnIdOfItsOwn_CarriesTheSinksIdInstead()
    {
        using var packer = new EventPacker(Layout, Instance, 8);
        var messages = new List<StreamMessage>();
        var pending = Event(42, 7);

        packer.Pack([pending with { Event = pending.Event with { Id = "from-elsewhere" } }], messages, Unexpected);

        Assert.That(Lines(messages.Single()).Single().Id, Is.EqualTo($"{Instance}-8"));
        Assert.That(messages.Single().Id, Is.EqualTo($"{Instance}-8"));
    }

    private static void Unexpected(ListenerEvent item, int bytes) => Assert.Fail($"event of track {item.Track} refused ({bytes} bytes)");

    private static List<ListenerEvent> Lines(StreamMessage message) =>
        [.. Encoding.UTF8.GetString(message.Body.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(EventJson.Parse)];

    private static string Id(long sequence) => $"{Instance}-{sequence:x}";

    /// <summary>The event of <paramref name="track"/>, numbered track + 1 (so ids run past 9 into hex digits).</summary>
    private static PendingEvent Event(int user, int track, Dictionary<string, string>? experiments = null) =>
        new(new ListenerEvent("next", 1_700_000_000_000 + track, user, track, 0.5, 0.001, track + 1, experiments ?? new Dictionary<string, string> { ["E"] = "C" }, "contextual"), track + 1);
}
