using Botify.Shared.Events;
using Botify.Shared.Events.Stream;

namespace Botify.Train.Examples;

/// <summary>
/// Reads a window of the event stream for training, with the same tolerance as <see cref="TolerantLogReader"/>:
/// a message that is not an event, a retry stored twice, or an event out of range is skipped and counted; an empty
/// window is an error naming the stream and the window.
/// </summary>
public static class StreamLogReader
{
    /// <exception cref="EventStreamException">The server or the stream cannot be reached, or the window holds no valid event.</exception>
    public static PlayLog Read(EventStreamSource source, LogReadReport report)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(report);
        var log = new PlayLog();
        // Each event is kept as a Play as it is read, never the whole window of parsed events at once.
        void Keep(ListenerEvent item)
        {
            if (TolerantLogReader.InRange(item))
            {
                log.Add(item);
            }
            else
            {
                report.Skip(1, $"{source}: event {item.Id}: {TolerantLogReader.OutOfRange}", TolerantLogReader.OutOfRange);
            }
        }

        // A command-line tool without a synchronization context: waiting here cannot deadlock.
        var read = EventStreamReader.ReadAsync(source, Keep).GetAwaiter().GetResult();
        report.Stream = source.ToString();
        report.Skip(read.Malformed, $"{source}: {read.FirstMalformed}", "not an event");
        report.Skip(read.Duplicates, $"{source}: {read.FirstDuplicate}", "event id read already");
        report.Events = log.Plays.Count;
        if (log.Plays.Count == 0)
        {
            var window = source.Since is { } since ? $"since {since:u}" : "in the whole stream";
            throw new EventStreamException($"{source}: no valid event {window} ({read.Messages} message(s) read, {report.Skipped} skipped)");
        }

        return log;
    }
}
