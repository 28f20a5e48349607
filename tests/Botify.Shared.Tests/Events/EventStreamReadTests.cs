using System.Text;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;

namespace Botify.Shared.Tests.Events;

/// <summary>How a read of the stream turns messages into events: one event or several per message, skips counted and named.</summary>
public sealed class EventStreamReadTests
{
    [Test]
    public void Add_PackedAndSingleMessages_EventsInOrder()
    {
        var read = Read(Message(Event(1, "a-1"), Event(2, "a-2"), Event(1, "a-3")), Encoding.UTF8.GetBytes(EventJson.Serialize(Event(3, "b-1"))));

        Assert.Multiple(() =>
        {
            Assert.That(read.Messages, Is.EqualTo(2));
            Assert.That(read.Events.Select(e => e.Id), Is.EqualTo(new[] { "a-1", "a-2", "a-3", "b-1" }));
            Assert.That(read.Malformed + read.Duplicates, Is.Zero);
        });
    }

    [Test]
    public void Add_EventReadAlreadyInAnotherMessage_SkippedAndNamed()
    {
        var read = Read(Message(Event(1, "a-1"), Event(1, "a-2")), Message(Event(1, "a-2"), Event(1, "a-3")));

        Assert.Multiple(() =>
        {
            Assert.That(read.Events.Select(e => e.Id), Is.EqualTo(new[] { "a-1", "a-2", "a-3" }));
            Assert.That(read.Duplicates, Is.EqualTo(1));
            Assert.That(read.FirstDuplicate, Is.EqualTo("message 2 line 1: event a-2 read already"));
        });
    }

    [Test]
    public void Add_BadLineInAPackedMessage_OthersKeptAndTheLineNamed()
    {
        var body = Encoding.UTF8.GetBytes(EventJson.Serialize(Event(1, "a-1")) + "\n{\"message\":\n" + EventJson.Serialize(Event(1, "a-3")) + "\n");

        var read = Read(body, []);

        Assert.Multiple(() =>
        {
            Assert.That(read.Events.Select(e => e.Id), Is.EqualTo(new[] { "a-1", "a-3" }));
            Assert.That(read.Malformed, Is.EqualTo(2), "the bad line and the empty message");
            Assert.That(read.FirstMalformed, Does.StartWith("message 1 line 2: not valid JSON"));
            Assert.That(read.Samples[1], Does.StartWith("message 2: "));
        });
    }

    private static EventStreamRead Read(params byte[][] messages)
    {
        var read = new EventStreamRead(new EventStreamSource("nats://127.0.0.1:4222", new EventStreamLayout()));
        for (var i = 0; i < messages.Length; i++)
        {
            read.Add(messages[i], (ulong)i + 1);
        }

        return read;
    }

    private static byte[] Message(params ListenerEvent[] events) =>
        Encoding.UTF8.GetBytes(string.Concat(events.Select(e => EventJson.Serialize(e) + "\n")));

    private static ListenerEvent Event(int user, string id) =>
        new("next", 1_700_000_000_000, user, 7, 0.5, 0.001, 8, new Dictionary<string, string>(), "contextual") { Id = id };
}
