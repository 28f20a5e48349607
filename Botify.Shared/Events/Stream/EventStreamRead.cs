namespace Botify.Shared.Events.Stream;

/// <summary>What a read of the stream gave: the events in stream order, and what was skipped, counted.</summary>
public sealed class EventStreamRead
{
    private readonly List<ListenerEvent> _events = [];
    private readonly List<string> _samples = [];
    private readonly Action<ListenerEvent>? _onEvent;
    private readonly EventIdSet _seen = new();

    /// <summary>An empty read of <paramref name="source"/> that keeps its events.</summary>
    public EventStreamRead(EventStreamSource source)
        : this(source, onEvent: null)
    {
    }

    internal EventStreamRead(EventStreamSource source, Action<ListenerEvent>? onEvent)
    {
        Source = source;
        _onEvent = onEvent;
    }

    /// <summary>The stream read.</summary>
    public EventStreamSource Source { get; }

    /// <summary>The events, in stream order; empty when the read handed each event to a callback instead.</summary>
    public IReadOnlyList<ListenerEvent> Events => _events;

    /// <summary>Events read and not skipped, kept or handed on.</summary>
    public long EventCount { get; private set; }

    /// <summary>Messages read, skipped ones included; a message holds one event or several (one per line).</summary>
    public long Messages { get; private set; }

    /// <summary>Events skipped because their id had been read already.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Lines skipped because they are not events (an empty message counts as one).</summary>
    public long Malformed { get; private set; }

    /// <summary>Up to five skipped messages, each with its stream sequence and why.</summary>
    public IReadOnlyList<string> Samples => _samples;

    /// <summary>The first message skipped as not an event, with its sequence and why; null when none was.</summary>
    public string? FirstMalformed { get; private set; }

    /// <summary>The first message skipped as an event read already; null when none was.</summary>
    public string? FirstDuplicate { get; private set; }

    internal void Add(byte[]? data, ulong sequence)
    {
        // A message holds one event or several, one per line, all of one partition (the API packs them).
        Messages++;
        var rest = (data ?? []).AsSpan();
        var line = 0;
        do
        {
            line++;
            var end = rest.IndexOf((byte)'\n');
            var text = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (text.Trim((byte)'\r').IsEmpty && (line > 1 || !rest.IsEmpty))
            {
                continue;
            }

            AddLine(text, line == 1 && rest.IsEmpty ? $"message {sequence}" : $"message {sequence} line {line}");
        }
        while (!rest.IsEmpty);
    }

    private void AddLine(ReadOnlySpan<byte> text, string where)
    {
        ListenerEvent item;
        try
        {
            item = EventJson.Parse(text);
        }
        catch (FormatException e)
        {
            Malformed++;
            var why = $"{where}: {e.Message}";
            FirstMalformed ??= why;
            Sample(why);
            return;
        }

        if (item.Id is not null && !_seen.Add(item.Id))
        {
            Duplicates++;
            var why = $"{where}: event {item.Id} read already";
            FirstDuplicate ??= why;
            Sample(why);
            return;
        }

        EventCount++;
        if (_onEvent is null)
        {
            _events.Add(item);
        }
        else
        {
            _onEvent(item);
        }
    }

    private void Sample(string text)
    {
        if (_samples.Count < 5)
        {
            _samples.Add(text);
        }
    }
}
