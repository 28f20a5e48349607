using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Spectre.Console;

namespace Botify.Lab.Analysis;

/// <summary>The events <c>analyze</c> reads: log files and folders, or a window of the event stream with what it skipped said.</summary>
internal static class AnalyzedEvents
{
    public static IEnumerable<ListenerEvent> Read(IReadOnlyList<string> logs, EventStreamSource? stream)
    {
        if (stream is null)
        {
            return logs.SelectMany(EventLogReader.Read);
        }

        // A command-line tool without a synchronization context: waiting here cannot deadlock.
        var read = EventStreamReader.ReadAsync(stream).GetAwaiter().GetResult();
        AnsiConsole.MarkupLineInterpolated($"Read {read.Events.Count:N0} events from {stream}; skipped {read.Duplicates:N0} duplicate(s) and {read.Malformed:N0} malformed message(s).");
        foreach (var sample in read.Samples)
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]skipped {sample}[/]");
        }

        return read.Events;
    }
}
