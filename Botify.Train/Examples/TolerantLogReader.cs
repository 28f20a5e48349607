using System.Text;
using Botify.Shared.Data;
using Botify.Shared.Events;

namespace Botify.Train.Examples;

/// <summary>
/// Reads event logs for training: a corrupt or partial line (a crash mid-write, a stray edit) is
/// skipped and counted, never fatal; a log that cannot be opened, or holds no event at all, is.
/// </summary>
public static class TolerantLogReader
{
    /// <summary>Reads every event of the given files or folders.</summary>
    /// <exception cref="DataFileException">A path does not exist, or no valid event was found in any of them.</exception>
    public static List<ListenerEvent> Read(IEnumerable<string> paths, LogReadReport report)
    {
        var events = new List<ListenerEvent>();
        Read(paths, report, events.Add);
        return events;
    }

    /// <summary>Reads every event of the given files or folders as training keeps them: each event parsed, then kept as a <see cref="Play"/>.</summary>
    /// <exception cref="DataFileException">A path does not exist, or no valid event was found in any of them.</exception>
    public static PlayLog ReadPlays(IEnumerable<string> paths, LogReadReport report)
    {
        var log = new PlayLog();
        Read(paths, report, log.Add);
        return log;
    }

    private static void Read(IEnumerable<string> paths, LogReadReport report, Action<ListenerEvent> add)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(report);
        var names = new List<string>();
        var before = report.Events;
        foreach (var path in paths)
        {
            names.Add(path);
            foreach (var file in EventLogReader.Files(path))
            {
                report.Files++;
                ReadFile(file, add, report);
            }
        }

        if (report.Events == before)
        {
            throw new DataFileException(string.Join(", ", names), report.Skipped > 0
                ? $"no valid event in {report.Files} file(s); {report.Skipped} line(s) skipped, e.g. {report.Samples[0]}"
                : $"the event log is empty ({report.Files} file(s))");
        }
    }

    /// <summary>Why <see cref="InRange"/> refuses an event.</summary>
    internal const string OutOfRange = "user, track or time out of range";

    /// <summary>True when the event's listener, track and share heard can be trained on.</summary>
    internal static bool InRange(ListenerEvent item) => item.Time is >= 0 and <= 1 && item.User >= 0 && item.Track >= 0;

    private static void ReadFile(string file, Action<ListenerEvent> add, LogReadReport report)
    {
        using var reader = TextFiles.OpenText(file);
        var lineNumber = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (InvalidDataException e)
            {
                // A truncated .gz file: keep what was read before the damage.
                report.Skip(file, lineNumber + 1, $"compressed stream is damaged ({e.Message})");
                return;
            }

            if (line is null)
            {
                return;
            }

            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var parsed = EventJson.Parse(Encoding.UTF8.GetBytes(line));
                if (!InRange(parsed))
                {
                    report.Skip(file, lineNumber, OutOfRange);
                    continue;
                }

                add(parsed);
                report.Events++;
            }
            catch (FormatException e)
            {
                report.Skip(file, lineNumber, e.Message);
            }
        }
    }
}
