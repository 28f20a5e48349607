using System.Buffers;
using System.Text.Json;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;

namespace Botify.Api.EventLog;

/// <summary>
/// One stream message: events of one partition, in the order they were accepted, as JSON lines. Its id (the
/// stream's message id) is its first event's id; an event joins exactly one message and a message's bytes never
/// change, so a retried message is discarded by id and no event is stored twice.
/// </summary>
internal sealed record StreamMessage(string Subject, string Id, byte[] Body, int Events);

/// <summary>
/// Packs a round of events into stream messages: per partition, up to <c>eventsPerMessage</c> events or about
/// <see cref="MaxMessageBytes"/> each. One message per event makes the stream's per-message cost the API's largest
/// cost; packing pays it once per message (docs/operations/event-stream.md, "Packing").
/// </summary>
internal sealed class EventPacker : IDisposable
{
    /// <summary>A message is closed once it holds this much: well under NATS's default 1 MiB payload limit.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    private static readonly byte NewLine = (byte)'\n';

    private readonly EventStreamLayout _layout;
    private readonly string[] _subjects;
    private readonly int _eventsPerMessage;
    private readonly ArrayBufferWriter<byte>[] _bodies;
    private readonly string?[] _firstIds;
    private readonly int[] _counts;
    private readonly Utf8JsonWriter _writer = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });

    public EventPacker(EventStreamLayout layout, int eventsPerMessage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eventsPerMessage, 1);
        _layout = layout;
        _subjects = [.. Enumerable.Range(0, layout.Partitions).Select(layout.SubjectOf)];
        _eventsPerMessage = eventsPerMessage;
        _bodies = [.. Enumerable.Range(0, layout.Partitions).Select(_ => new ArrayBufferWriter<byte>(1024))];
        _firstIds = new string?[layout.Partitions];
        _counts = new int[layout.Partitions];
    }

    /// <summary>Adds the messages of <paramref name="events"/> to <paramref name="messages"/>; each partition's in order.</summary>
    /// <exception cref="InvalidOperationException">An event has no id.</exception>
    public void Pack(IReadOnlyList<ListenerEvent> events, List<StreamMessage> messages)
    {
        foreach (var item in events)
        {
            var partition = _layout.PartitionOf(item.User);
            var body = _bodies[partition];
            _firstIds[partition] ??= item.Id ?? throw new InvalidOperationException($"event of listener {item.User} at {item.Timestamp} has no id");
            _writer.Reset(body);
            EventJson.Write(_writer, item);
            _writer.Flush();
            body.Write(new ReadOnlySpan<byte>(in NewLine));
            if (++_counts[partition] == _eventsPerMessage || body.WrittenCount >= MaxMessageBytes)
            {
                messages.Add(Close(partition));
            }
        }

        for (var partition = 0; partition < _counts.Length; partition++)
        {
            if (_counts[partition] > 0)
            {
                messages.Add(Close(partition));
            }
        }
    }

    public void Dispose() => _writer.Dispose();

    private StreamMessage Close(int partition)
    {
        var body = _bodies[partition];
        var message = new StreamMessage(_subjects[partition], _firstIds[partition]!, body.WrittenSpan.ToArray(), _counts[partition]);
        body.ResetWrittenCount();
        _firstIds[partition] = null;
        _counts[partition] = 0;
        return message;
    }
}
