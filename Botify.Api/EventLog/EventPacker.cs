using System.Buffers;
using System.Text.Json;
using Botify.Shared.Events;
using Botify.Shared.Events.Stream;

namespace Botify.Api.EventLog;

/// <summary>An accepted event and its number in this API process; its id is <c>{instance}-{sequence in hex}</c>.</summary>
internal readonly record struct PendingEvent(ListenerEvent Event, long Sequence);

/// <summary>
/// One stream message: events of one partition, in the order they were accepted, as JSON lines. Its id (the
/// stream's message id) is its first event's id; an event joins exactly one message and a message's bytes never
/// change, so a retried message is discarded by id and no event is stored twice. The body is a pooled buffer of
/// which the first <paramref name="Length"/> bytes count; <see cref="Release"/> returns it once the stream has it.
/// </summary>
internal sealed record StreamMessage(string Subject, string Id, byte[] Buffer, int Length, int Events)
{
    public ReadOnlyMemory<byte> Body => Buffer.AsMemory(0, Length);

    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}

/// <summary>
/// Packs a round of events into stream messages: per partition, up to <c>eventsPerMessage</c> events and never more
/// than <see cref="MaxMessageBytes"/>. One message per event makes the stream's per-message cost the API's largest
/// cost; packing pays it once per message (docs/operations/event-stream.md, "Packing").
/// </summary>
internal sealed class EventPacker : IDisposable
{
    /// <summary>The most a message holds unless the server allows less: a quarter of NATS's default 1 MiB payload limit.</summary>
    public const int DefaultMaxMessageBytes = 256 * 1024;

    /// <summary>Room left under the server's payload limit for the message's headers (its id).</summary>
    public const int HeaderRoom = 512;

    private static readonly byte NewLine = (byte)'\n';

    private readonly EventStreamLayout _layout;
    private readonly string _instance;
    private readonly string[] _subjects;
    private readonly int _eventsPerMessage;
    private readonly ArrayBufferWriter<byte>[] _bodies;
    private readonly string?[] _firstIds;
    private readonly int[] _counts;
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _writer = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });
    private int _maxMessageBytes = DefaultMaxMessageBytes;

    /// <param name="layout">The stream's partition subjects.</param>
    /// <param name="instance">The instance part of every id this process gives (<see cref="StreamEventId.NewInstance"/>).</param>
    /// <param name="eventsPerMessage">Most events in one message.</param>
    public EventPacker(EventStreamLayout layout, string instance, int eventsPerMessage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eventsPerMessage, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(instance.Length, StreamEventId.InstanceDigits);
        _layout = layout;
        _instance = instance;
        _subjects = [.. Enumerable.Range(0, layout.Partitions).Select(layout.SubjectOf)];
        _eventsPerMessage = eventsPerMessage;
        _bodies = [.. Enumerable.Range(0, layout.Partitions).Select(_ => new ArrayBufferWriter<byte>(1024))];
        _firstIds = new string?[layout.Partitions];
        _counts = new int[layout.Partitions];
    }

    /// <summary>The most bytes a message body may hold; an event longer than this on its own is refused.</summary>
    public int MaxMessageBytes
    {
        get => _maxMessageBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxMessageBytes = value;
        }
    }

    /// <summary>
    /// Bounds messages by the server's payload limit (<c>max_payload</c>, headers included), keeping room for the
    /// headers; never above <see cref="DefaultMaxMessageBytes"/>.
    /// </summary>
    public void FitServer(long serverMaxPayload)
    {
        if (serverMaxPayload > 0)
        {
            MaxMessageBytes = (int)Math.Clamp(serverMaxPayload - HeaderRoom, 1, DefaultMaxMessageBytes);
        }
    }

    /// <summary>
    /// Adds the messages of <paramref name="events"/> to <paramref name="messages"/>, each partition's in order; an
    /// event that alone exceeds <see cref="MaxMessageBytes"/> cannot be published and goes to
    /// <paramref name="refused"/> with its size instead.
    /// </summary>
    public void Pack(IReadOnlyList<PendingEvent> events, List<StreamMessage> messages, Action<ListenerEvent, int> refused)
    {
        Span<char> id = stackalloc char[StreamEventId.MaxLength];
        foreach (var (item, sequence) in events)
        {
            var idLength = StreamEventId.Format(_instance, sequence, id);
            _line.ResetWrittenCount();
            _writer.Reset(_line);
            EventJson.Write(_writer, item, id[..idLength]);
            _writer.Flush();
            _line.Write(new ReadOnlySpan<byte>(in NewLine));
            if (_line.WrittenCount > _maxMessageBytes)
            {
                refused(item, _line.WrittenCount);
                continue;
            }

            var partition = _layout.PartitionOf(item.User);
            var body = _bodies[partition];
            if (_counts[partition] > 0 && body.WrittenCount + _line.WrittenCount > _maxMessageBytes)
            {
                messages.Add(Close(partition));
            }

            _firstIds[partition] ??= new string(id[..idLength]);
            body.Write(_line.WrittenSpan);
            if (++_counts[partition] == _eventsPerMessage)
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
        var buffer = ArrayPool<byte>.Shared.Rent(body.WrittenCount);
        body.WrittenSpan.CopyTo(buffer);
        var message = new StreamMessage(_subjects[partition], _firstIds[partition]!, buffer, body.WrittenCount, _counts[partition]);
        body.ResetWrittenCount();
        _firstIds[partition] = null;
        _counts[partition] = 0;
        return message;
    }
}
