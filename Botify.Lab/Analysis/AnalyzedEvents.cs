using Botify.Shared.Events;
using Botify.Shared.Events.Stream;
using Spectre.Console;

namespace Botify.Lab.Analysis;

/// <summary>The events <c>analyze</c> reads: log files and folders, or a window of the event stream with what it skipped said.</summary>
internal static class AnalyzedEvents
{
    /// <summary>Hands every event to <paramref name="analysis"/>: files line by line, the stream message by message; neither keeps them.</summary>
    public static void Read(IReadOnlyList<string> logs, EventStreamSource? stream, ExperimentAnalysis analysis)
    {
        if (stream is null)
        {
            foreach (var e in logs.SelectMany(EventLogReader.Read))
            {
                analysis.Add(e);
            }

            return;
        }

        // A command-line tool without a synchronization context: waiting here cannot deadlock.
        var read = EventStreamReader.ReadAsync(stream, analysis.Add).GetAwaiter().GetResult();
        AnsiConsole.MarkupLineInterpolated($"Read {read.EventCount:N0} events from {stream}; skipped {read.Duplicates:N0} duplicate(s) and {read.Malformed:N0} malformed message(s).");
        foreach (var sample in read.Samples)
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]skipped {sample}[/]");
        }
    }
}
