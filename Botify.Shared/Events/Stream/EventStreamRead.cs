namespace Botify.Shared.Events.Stream;

/// <summary>What a read of the stream gave: the events in stream order, and what was skipped, counted.</summary>
public sealed class EventStreamRead(EventStreamSource source)
{
    private readonly List<ListenerEvent> _events = [];
    private readonly List<string> _samples = [];

    /// <summary>The stream read.</summary>
    public EventStreamSource Source { get; } = source;

    /// <summary>The events, in stream order.</summary>
    public IReadOnlyList<ListenerEvent> Events => _events;

    /// <summary>Messages read, skipped ones included.</summary>
    public long Messages { get; private set; }

    /// <summary>Messages skipped because their id had been read already.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Messages skipped because they are not events.</summary>
    public long Malformed { get; private set; }

    /// <summary>Up to five skipped messages, each with its stream sequence and why.</summary>
    public IReadOnlyList<string> Samples => _samples;

    /// <summary>The first message skipped as not an event, with its sequence and why; null when none was.</summary>
    public string? FirstMalformed { get; private set; }

    /// <summary>The first message skipped as an event read already; null when none was.</summary>
    public string? FirstDuplicate { get; private set; }

    internal void Add(byte[]? data, ulong sequence, HashSet<string> seen)
    {
        Messages++;
        ListenerEvent item;
        try
        {
            item = EventJson.Parse(data ?? []);
        }
        catch (FormatException e)
        {
            Malformed++;
            var why = $"message {sequence}: {e.Message}";
            FirstMalformed ??= why;
            Sample(why);
            return;
        }

        if (item.Id is not null && !seen.Add(item.Id))
        {
            Duplicates++;
            var why = $"message {sequence}: event {item.Id} read already";
            FirstDuplicate ??= why;
            Sample(why);
            return;
        }

        _events.Add(item);
    }

    private void Sample(string text)
    {
        if (_samples.Count < 5)
        {
            _samples.Add(text);
        }
    }
}
